package dev.pagila.parity;

import dev.pagila.client.ApiSession;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
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
 * <pre>java -jar cli/target/pagila-exec.jar parity --legacy-url=jdbc:postgresql://localhost:15432/pagila_legacy</pre>
 */
public final class ParityCheck {

    private ParityCheck() {
    }

    /**
     * {@code parity}: prints the report (progress on stderr keeps stdout the report alone) and exits 0 on parity, 1 on
     * any mismatch, 2 when it cannot run.
     */
    @picocli.CommandLine.Command(name = "parity", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Compares every answer of the query API with the legacy Pagila database's views and functions.",
                    "Exit code: 0 when every answer matches, 1 on any mismatch, 2 on usage errors or unreachable endpoints."})
    public static final class Command implements java.util.concurrent.Callable<Integer> {

        @Option(names = "--legacy-url", required = true, paramLabel = "<jdbc url>",
                description = "the legacy Pagila database, as jdbc:postgresql://host:port/db")
        String legacyUrl;

        @Option(names = "--legacy-user", paramLabel = "<name>", defaultValue = "postgres", description = "its user (default ${DEFAULT-VALUE})")
        String legacyUser;

        @Mixin
        LegacyPasswordOptions legacyPassword;

        @Option(names = "--query-url", paramLabel = "<url>", defaultValue = ParitySettings.DEFAULT_QUERY_URL,
                description = "the query API (default ${DEFAULT-VALUE})")
        String queryUrl;

        @Option(names = "--command-url", paramLabel = "<url>", defaultValue = ParitySettings.DEFAULT_COMMAND_URL,
                description = "the command API, where the check signs in (default ${DEFAULT-VALUE})")
        String commandUrl;

        @Option(names = "--user", paramLabel = "<staff username>", defaultValue = ApiSession.SAMPLE_STAFF,
                description = "who signs in to read customer data and reports (default ${DEFAULT-VALUE}); the password comes"
                        + " from PAGILA_PASSWORD, else Pagila's sample password")
        String user;

        @Option(names = "--zone", paramLabel = "<zone id>", defaultValue = "Europe/London",
                description = "the business time zone (default ${DEFAULT-VALUE})")
        java.time.ZoneId zone;

        @Option(names = "--threads", paramLabel = "<n>", defaultValue = "8", description = "concurrent HTTP calls (default ${DEFAULT-VALUE})")
        int threads;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            String password = legacyPassword.password(spec.commandLine());
            ParitySettings settings;
            try {
                settings = new ParitySettings(legacyUrl, legacyUser, password, queryUrl, commandUrl, user, zone, threads, null);
            } catch (IllegalArgumentException e) {
                System.err.println("parity: " + e.getMessage());
                return 2;
            }
            try {
                ParityReport report = run(settings, System.err::println);
                System.out.print(report.format());
                return report.matches() ? 0 : 1;
            } catch (ParityException e) {
                System.err.println("parity: " + e.getMessage());
                return 2;
            }
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
