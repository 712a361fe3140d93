package dev.pagila.cli;

import dev.pagila.client.ApiResponse;
import dev.pagila.client.answer.FollowerStatus;
import dev.pagila.client.answer.MigrationDrained;
import dev.pagila.stack.LocalPlatform;
import dev.pagila.stack.LocalStackException;
import dev.pagila.stack.ReadModelProgress;
import dev.pagila.parity.LegacyPasswordOptions;
import dev.pagila.parity.ParityCheck;
import dev.pagila.parity.ParityException;
import dev.pagila.parity.ParityReport;
import dev.pagila.parity.ParitySettings;
import dev.pagila.client.ApiSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * The operator's command line for a live migration: {@code java -jar cli/target/pagila-exec.jar migrate <command>}. The
 * follower runs in the command side; this drives it through {@code /api/migration} and runs the parity check
 * at cut-over, signed in as the operations account.
 */
@Command(name = "migrate", mixinStandardHelpOptions = true, description = "Drives the live migration's follower in the command side.")
final class MigrateCli implements Callable<Integer> {

    private static final Duration CATCH_UP_TIMEOUT = Duration.ofMinutes(10);

    @Mixin
    OperatorOptions operatorOptions;

    @Option(names = "--query-url", scope = ScopeType.INHERIT, paramLabel = "<url>", defaultValue = ParitySettings.DEFAULT_QUERY_URL,
            description = "the query API, for cut-over's parity check (default ${DEFAULT-VALUE})")
    String queryUrl;

    @Option(names = "--legacy-url", scope = ScopeType.INHERIT, paramLabel = "<jdbc url>",
            defaultValue = "jdbc:postgresql://localhost:15432/" + LocalPlatform.LEGACY_DATABASE,
            description = "the monolith's database, for cut-over's parity check (default ${DEFAULT-VALUE})")
    String legacyUrl;

    @Option(names = "--legacy-user", scope = ScopeType.INHERIT, paramLabel = "<name>", defaultValue = "postgres",
            description = "its user (default ${DEFAULT-VALUE})")
    String legacyUser;

    @Mixin
    LegacyPasswordOptions legacyPassword;

    @Spec
    CommandSpec spec;

    private PrintWriter out;
    private ApiSession operator;

    @FunctionalInterface
    private interface Step {
        int run() throws IOException, InterruptedException;
    }

    private int guarded(Step step) {
        out = spec.commandLine().getOut();
        return operatorOptions.signedInAtCommandApi("migrate", out, signedIn -> {
            operator = signedIn;
            return step.run();
        });
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(System.err);
        return ExitCode.USAGE;
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "Follower state, system of record, lag (WAL positions and seconds), events appended per second.")
    int status(@Option(names = "--json", description = "the command side's answer as it is") boolean raw) throws Exception {
        return guarded(() -> {
            ApiResponse response = call("GET", "/api/migration", null);
            return response.status() != 200 || raw ? print(response) : printStatus(response.as(FollowerStatus.class));
        });
    }

    @Command(name = "follow", mixinStandardHelpOptions = true,
            description = "Starts following, or again after a pause, from the stored offsets.")
    int follow() throws Exception {
        return guarded(() -> print(call("POST", "/api/migration/follow", null)));
    }

    @Command(name = "pause", mixinStandardHelpOptions = true,
            description = "Stops following; the replication slot keeps the monolith's changes meanwhile.")
    int pause() throws Exception {
        return guarded(() -> print(call("POST", "/api/migration/pause", null)));
    }

    @Command(name = "drain", mixinStandardHelpOptions = true,
            description = "Waits until every change committed in the monolith so far is in the event store.")
    int drain() throws Exception {
        return guarded(() -> print(call("POST", "/api/migration/drain", null)));
    }

    @Command(name = "cut-over", mixinStandardHelpOptions = true,
            description = {"With the monolith's writes stopped: drains, waits for the query side, runs the parity check and,",
                    "if every answer matches, makes the platform the system of record (the command API opens, the slot is",
                    "dropped). On a mismatch nothing changes and the exit code is 1."})
    int cutOver() throws Exception {
        String password = legacyPassword.password(spec.subcommands().get("cut-over"));
        return guarded(() -> cutOver(new ParitySettings(legacyUrl, legacyUser, password, queryUrl,
                operatorOptions.commandUrl, null, ParitySettings.DEFAULT_ZONE, ParitySettings.DEFAULT_THREADS, null)));
    }

    private int printStatus(FollowerStatus status) {
        out.printf("state              %s%n", status.state());
        out.printf("system of record   %s%n", status.systemOfRecord());
        if (status.slot() != null) {
            out.printf("slot               %s (snapshot at %s)%n", status.slot(),
                    status.snapshotLsn() == null ? "" : status.snapshotLsn());
        }
        out.printf("lag                %s bytes of WAL (legacy at %s, slot confirmed %s), %s s behind at the last change%n",
                text(status.lagBytes()), text(status.legacyLsn()), text(status.confirmedLsn()), text(status.secondsBehind()));
        out.printf("last legacy commit %s%n", text(status.lastLegacyCommit()));
        out.printf("events appended    %d (%.1f/s over the last 10 s), from %d row changes; %d redelivered changes skipped%n",
                status.eventsAppended(), status.eventsPerSecond(), status.rowChanges(), status.redeliveriesSkipped());
        if (status.failure() != null) {
            out.printf("failure            %s%n", status.failure());
        }
        return 0;
    }

    private int cutOver(ParitySettings parity) throws IOException, InterruptedException {
        ApiResponse drained = call("POST", "/api/migration/drain", null);
        if (drained.status() != 200) {
            return print(drained);
        }
        String marker = drained.as(MigrationDrained.class).marker();
        FollowerStatus status = call("GET", "/api/migration", null).as(FollowerStatus.class);
        if (status.snapshotAt() != null) {
            parity = parity.followedSince(status.snapshotAt());
        }
        out.println("Drained: every change the monolith committed is in the event store (marker " + marker + ").");
        new ReadModelProgress(queryUrl, operator).awaitCaughtUp(CATCH_UP_TIMEOUT, out::println);
        out.println("The query side has projected it; checking parity with the monolith...");
        ParityReport report;
        try {
            report = ParityCheck.run(parity, message -> { });
        } catch (ParityException | LocalStackException e) {
            System.err.println("migrate: the parity check could not run: " + e.getMessage());
            return 2;
        }
        if (!report.matches()) {
            out.print(report.format());
            out.println("Not cut over: the answers differ. The monolith stays the system of record; the follower keeps following.");
            return 1;
        }
        out.println("Parity: every answer matches.");
        ApiResponse cutOver = call("POST", "/api/migration/cut-over", "{\"checkedAtMarker\": \"" + marker + "\"}");
        if (cutOver.status() != 200) {
            return print(cutOver);
        }
        out.println("Cut over: the platform is the system of record and its command API is open. " + cutOver.body());
        return 0;
    }

    /** A field that does not apply (the API leaves it out) prints as a dash. */
    private static String text(Object value) {
        return value == null ? "-" : value.toString();
    }

    private int print(ApiResponse response) {
        return OperatorOptions.print(out, response);
    }

    private ApiResponse call(String method, String path, String body) throws IOException, InterruptedException {
        return operator.send(method, operatorOptions.commandUrl + path, body, Duration.ofMinutes(2));
    }
}
