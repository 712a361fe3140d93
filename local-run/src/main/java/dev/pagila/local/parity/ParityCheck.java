package dev.pagila.local.parity;

import dev.pagila.local.session.ApiSession;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Compares every answer of the query API with what the legacy Pagila database says: its views and functions
 * over JDBC, or for the two functions that cannot run as shipped (get_customer_balance, rewards_report) their
 * rules written in SQL. Reads only, on both sides.
 * <pre>java -jar local-run/target/local-run-exec.jar parity --legacy-url=jdbc:postgresql://localhost:15432/pagila_legacy</pre>
 */
public final class ParityCheck {

    private ParityCheck() {
    }

    /** The {@code parity} subcommand: prints the report and exits 0 on parity, 1 on any mismatch, 2 when it cannot run. */
    public static void main(String[] args) {
        System.exit(cli(args, System.out, System.err));
    }

    static int cli(String[] args, PrintStream out, PrintStream err) {
        if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
            out.print(ParitySettings.USAGE);
            return 0;
        }
        ParitySettings settings;
        try {
            settings = ParitySettings.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("parity: " + e.getMessage());
            err.print(ParitySettings.USAGE);
            return 2;
        }
        try {
            // progress on stderr keeps stdout the report alone
            ParityReport report = run(settings, err::println);
            out.print(report.format());
            return report.matches() ? 0 : 1;
        } catch (ParityException e) {
            err.println("parity: " + e.getMessage());
            return 2;
        }
    }

    public static ParityReport run(ParitySettings settings) {
        return run(settings, message -> { });
    }

    /**
     * Runs every check and returns the report; throws {@link ParityException} when either side cannot be reached
     * or the legacy database is not Pagila.
     */
    public static ParityReport run(ParitySettings settings, Consumer<String> progress) {
        ParityReport report = new ParityReport(settings);
        long started = System.nanoTime();
        AtomicInteger threads = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(settings.threads(), task -> {
            Thread thread = new Thread(task, "parity-" + threads.incrementAndGet());
            thread.setDaemon(true); // a failed run must not hang the JVM on idle workers
            return thread;
        });
        try (Legacy legacy = Legacy.connect(settings)) {
            QueryApi api = new QueryApi(settings.queryUrl(), ApiSession.staff(settings.commandUrl(), settings.user()));
            api.requireReachable();
            ParityContext context = new ParityContext(legacy, api, settings.zone(), pool, report, progress,
                    settings.followedSince());
            new CatalogChecks(context).run();
            new CustomerChecks(context).run();
        } finally {
            pool.shutdownNow();
            report.finished(Duration.ofNanos(System.nanoTime() - started));
        }
        return report;
    }
}
