package dev.pagila.cli;

import dev.pagila.client.ApiResponse;
import dev.pagila.client.ApiSession;
import dev.pagila.client.answer.DeadLetter;
import dev.pagila.client.answer.ProcessorStatus;
import dev.pagila.client.answer.ReadModelStatus;
import dev.pagila.client.answer.RebuildStatus;
import dev.pagila.client.answer.ReplayStarted;
import dev.pagila.client.answer.SegmentStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * The operator's command line for the query side's admin API: projection status, replays with a progress bar,
 * dead letters, the cache. {@code java -jar cli/target/pagila-exec.jar admin <command> ...}, signed in as an operator.
 */
@Command(name = "admin", mixinStandardHelpOptions = true, description = "Operates the query side's projections, read model and cache.")
final class AdminCli implements Callable<Integer> {

    @Option(names = "--query-url", scope = ScopeType.INHERIT, paramLabel = "<url>", defaultValue = "http://localhost:8081",
            description = "the query API (default ${DEFAULT-VALUE})")
    String baseUrl;

    @Mixin
    OperatorOptions operatorOptions;

    @Spec
    CommandSpec spec;

    private ApiSession session;
    private PrintStream out = System.out;

    @Override
    public Integer call() {
        spec.commandLine().usage(System.err);
        return ExitCode.USAGE;
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "Every processor: position, head, lag, segments and their owners, replaying, dead letters.")
    int status(@Option(names = "--json", description = "the query side's answer as it is") boolean raw) {
        return guarded(() -> printProcessors(raw));
    }

    @Command(name = "replay", mixinStandardHelpOptions = true,
            description = "Replays a processor (from the first event: a rebuild of its items), with a progress bar.")
    int replay(@Parameters(paramLabel = "<group>") String group,
               @Option(names = "--from-position", paramLabel = "<n>") Long fromPosition,
               @Option(names = "--from-time", paramLabel = "<ISO instant>") Instant fromTime,
               @Option(names = "--no-wait", description = "start it and return") boolean noWait) {
        return guarded(() -> startReplay(group, fromPosition, fromTime, !noWait));
    }

    @Command(name = "dead-letters", mixinStandardHelpOptions = true, description = "Events parked after a projection kept failing on them.")
    int deadLettersCommand(@Parameters(paramLabel = "<group>", arity = "0..1") String group) {
        return guarded(() -> deadLetters(group));
    }

    @Command(name = "retry", mixinStandardHelpOptions = true, description = "Hands a group's dead letters to its projection again.")
    int retry(@Parameters(paramLabel = "<group>") String group) {
        return guarded(() -> print(call("POST", "/admin/dead-letters/" + encode(group) + "/retry")));
    }

    @Command(name = "evict", mixinStandardHelpOptions = true, description = "Drops a dead letter for good.")
    int evict(@Parameters(paramLabel = "<group>") String group, @Parameters(paramLabel = "<dead letter id>") String id) {
        return guarded(() -> print(call("DELETE", "/admin/dead-letters/" + encode(group) + "/" + encode(id))));
    }

    @Command(name = "read-model", mixinStandardHelpOptions = true, description = "The active Films table, the previous one, any rebuild.")
    int readModel() {
        return guarded(() -> print(call("GET", "/admin/read-model")));
    }

    @Command(name = "rebuild", mixinStandardHelpOptions = true,
            description = "Blue/green: fills a new Films table and switches to it when caught up.")
    int rebuildCommand(@Option(names = "--no-wait", description = "start it and return") boolean noWait) {
        return guarded(() -> rebuild(!noWait));
    }

    @Command(name = "drop-table", mixinStandardHelpOptions = true, description = "Drops a Films table that is neither active nor being rebuilt.")
    int dropTable(@Parameters(paramLabel = "<table>") String table) {
        return guarded(() -> print(call("DELETE", "/admin/read-model/tables/" + encode(table))));
    }

    @Command(name = "cache-flush", mixinStandardHelpOptions = true, description = "Empties Redis.")
    int cacheFlush() {
        return guarded(() -> print(call("POST", "/admin/cache/flush")));
    }

    @Command(name = "cache-warm", mixinStandardHelpOptions = true, description = "Fills Redis from DynamoDB.")
    int cacheWarm() {
        return guarded(() -> print(call("POST", "/admin/cache/warm")));
    }

    @FunctionalInterface
    private interface Step {
        int run() throws IOException, InterruptedException;
    }

    private int guarded(Step step) {
        baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        return operatorOptions.signedIn("admin", baseUrl, signedIn -> {
            session = signedIn;
            return step.run();
        });
    }

    private int printProcessors(boolean raw) throws IOException, InterruptedException {
        ApiResponse response = call("GET", "/admin/processors");
        if (response.status() != 200 || raw) {
            return print(response);
        }
        out.printf("%-10s %10s %10s %10s %10s %-9s %4s  %s%n", "processor", "position", "head", "lag", "lag (s)",
                "state", "dlq", "segments (owner)");
        for (ProcessorStatus processor : response.pageOf(ProcessorStatus.class).items()) {
            StringBuilder segments = new StringBuilder();
            for (SegmentStatus segment : processor.segments()) {
                segments.append(segments.isEmpty() ? "" : ", ").append(segment.segment()).append(" (")
                        .append(segment.owner() == null ? "unclaimed" : segment.owner()).append(")");
            }
            String state = processor.replaying() ? "replaying" : processor.errorHere() ? "error"
                    : processor.caughtUp() ? "live" : "behind";
            out.printf("%-10s %10d %10d %10d %10.1f %-9s %4d  %s%n", processor.name(), processor.position(), processor.head(),
                    processor.lagEvents(), processor.lagSeconds(), state, processor.deadLetters(), segments);
        }
        return 0;
    }

    private int startReplay(String group, Long fromPosition, Instant fromTime, boolean wait) throws IOException, InterruptedException {
        StringBuilder query = new StringBuilder();
        if (fromPosition != null) {
            query.append("?fromPosition=").append(fromPosition);
        }
        if (fromTime != null) {
            query.append(query.isEmpty() ? "?" : "&").append("fromTime=").append(encode(fromTime.toString()));
        }
        ApiResponse started = call("POST", "/admin/processors/" + encode(group) + "/replay" + query);
        if (started.status() != 202) {
            return print(started);
        }
        out.println("Replaying " + group + " from " + started.as(ReplayStarted.class).replayingFrom());
        return wait ? follow(group) : 0;
    }

    /** Polls the processor's status until it has caught up with the head, drawing a progress bar. */
    private int follow(String group) throws IOException, InterruptedException {
        Instant began = Instant.now();
        long firstPosition = -1;
        while (true) {
            Thread.sleep(1000);
            ApiResponse response = call("GET", "/admin/processors/" + encode(group));
            if (response.status() != 200) {
                return print(response);
            }
            ProcessorStatus status = response.as(ProcessorStatus.class);
            long position = Math.max(0, status.position());
            long head = Math.max(1, status.head());
            if (firstPosition < 0) {
                firstPosition = position;
            }
            double seconds = Math.max(0.001, Duration.between(began, Instant.now()).toMillis() / 1000.0);
            double rate = (position - firstPosition) / seconds;
            long remaining = Math.max(0, head - position);
            String eta = rate > 0 ? formatDuration((long) (remaining / rate)) : "?";
            int filled = (int) (30.0 * position / head);
            out.printf("\r[%s%s] %3d%%  %,d/%,d events  %,.0f events/s  ETA %s   ", "#".repeat(filled), ".".repeat(30 - filled),
                    (int) (100.0 * position / head), position, head, rate, eta);
            if (status.caughtUp()) {
                out.printf("%n%s caught up with the head in %s%n", group, formatDuration((long) seconds));
                return 0;
            }
        }
    }

    private int rebuild(boolean wait) throws IOException, InterruptedException {
        ApiResponse started = call("POST", "/admin/read-model/rebuild");
        if (started.status() != 202) {
            return print(started);
        }
        String table = started.as(RebuildStatus.class).table();
        out.println("Rebuilding into " + table + "; queries keep using the active table until it has caught up");
        if (!wait) {
            return 0;
        }
        Instant began = Instant.now();
        while (true) {
            Thread.sleep(1000);
            ApiResponse readModelAnswer = call("GET", "/admin/read-model");
            ApiResponse processors = call("GET", "/admin/processors");
            if (readModelAnswer.status() != 200 || processors.status() != 200) {
                return print(readModelAnswer.status() != 200 ? readModelAnswer : processors);
            }
            ReadModelStatus readModel = readModelAnswer.as(ReadModelStatus.class);
            RebuildStatus rebuild = readModel.rebuild();
            long head = 0;
            for (ProcessorStatus processor : processors.pageOf(ProcessorStatus.class).items()) {
                head = Math.max(head, processor.head());
            }
            StringBuilder line = new StringBuilder();
            if (rebuild != null) {
                rebuild.positions().forEach((group, position) -> line.append(group).append(' ')
                        .append(String.format("%,d", Math.max(0, position == null ? 0 : position))).append("  "));
            }
            out.printf("\r%s of %,d  (%s)   ", line, head, formatDuration(Duration.between(began, Instant.now()).toSeconds()));
            String state = rebuild == null ? "" : rebuild.state();
            if ("SWITCHED".equals(state)) {
                out.printf("%nQueries now read %s; the previous table %s stays until 'admin drop-table %s'%n",
                        text(readModel.activeTable()), text(readModel.previousTable()), text(readModel.previousTable()));
                return 0;
            }
            if ("FAILED".equals(state)) {
                out.printf("%nThe rebuild failed: %s%n", text(rebuild.error()));
                return 1;
            }
        }
    }

    private int deadLetters(String group) throws IOException, InterruptedException {
        ApiResponse response = call("GET", "/admin/dead-letters" + (group == null ? "" : "?group=" + encode(group)));
        if (response.status() != 200) {
            return print(response);
        }
        List<DeadLetter> items = response.pageOf(DeadLetter.class).items();
        if (items.isEmpty()) {
            out.println("No dead letters.");
            return 0;
        }
        out.printf("%-36s %-10s %-22s %-28s %s%n", "id", "group", "sequence", "event", "cause");
        for (DeadLetter letter : items) {
            out.printf("%-36s %-10s %-22s %-28s %s: %s%n", text(letter.id()), text(letter.group()), text(letter.sequence()),
                    text(letter.eventType()), text(letter.causeType()), text(letter.causeMessage()));
        }
        return 0;
    }

    /** A field the API left out (it omits nulls) prints as nothing. */
    private static String text(String value) {
        return value == null ? "" : value;
    }

    private int print(ApiResponse response) {
        out.println(OperatorOptions.answerOf(response));
        return OperatorOptions.exitCodeOf(response);
    }

    private ApiResponse call(String method, String path) throws IOException, InterruptedException {
        return session.send(method, baseUrl + path, null, Duration.ofMinutes(5));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    static String formatDuration(long seconds) {
        return seconds >= 60 ? (seconds / 60) + "m" + String.format("%02d", seconds % 60) + "s" : seconds + "s";
    }
}
