package dev.pagila.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pagila.infra.local.LocalStackException;
import dev.pagila.local.parity.ParityCheck;
import dev.pagila.local.parity.ParityException;
import dev.pagila.local.parity.ParityReport;
import dev.pagila.local.parity.ParitySettings;
import dev.pagila.local.session.ApiSession;

import java.io.IOException;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The operator's command line for a live migration: {@code java -jar local-run-exec.jar migrate <command>}. The
 * follower runs in the command side; this drives it through {@code /api/migration} and runs the parity check
 * at cut-over.
 */
final class MigrateCli {

    static final String USAGE = """
            Usage: migrate <command> [--command-url=http://localhost:8080] [--query-url=http://localhost:8081]
                                     [--legacy-url=jdbc:postgresql://localhost:15432/pagila_legacy]
                                     [--legacy-user=postgres] [--legacy-password=] [--data-dir=.local-data]
              status [--json]   follower state, system of record, lag (WAL bytes and seconds), events appended per second
              follow            start following, or again after a pause, from the stored offsets (a command side
                                started with PAGILA_MIGRATION_SOURCE_URL follows by itself)
              pause             stop following; the replication slot keeps the monolith's changes meanwhile
              drain             wait until every change committed in the monolith so far is in the event store
              cut-over          with the monolith's writes stopped: drain, wait for the query side, run the parity
                                check, and if every answer matches make the platform the system of record (the
                                command API opens, the slot is dropped); on a mismatch nothing changes, exit 1
            Signs in at the command API as the operations account (admin), with the password from
            PAGILA_OPERATOR_PASSWORD, else the local run's <data-dir>/operator-password.
            """;

    private static final List<String> OPTIONS = List.of("--command-url", "--query-url", "--legacy-url", "--legacy-user",
            "--legacy-password", "--data-dir", "--json");
    private static final Duration CATCH_UP_TIMEOUT = Duration.ofMinutes(10);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();
    private final String commandUrl;
    private final String queryUrl;
    private final ApiSession operator;
    private final PrintStream out;

    private MigrateCli(String commandUrl, String queryUrl, ApiSession operator, PrintStream out) {
        this.commandUrl = commandUrl;
        this.queryUrl = queryUrl;
        this.operator = operator;
        this.out = out;
    }

    static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** @return the exit code: 0 done, 1 refused or not matching, 2 bad options or nothing to talk to */
    static int run(String[] args, PrintStream out, PrintStream err) {
        String commandUrl = ParitySettings.DEFAULT_COMMAND_URL;
        String queryUrl = ParitySettings.DEFAULT_QUERY_URL;
        String legacyUrl = "jdbc:postgresql://localhost:15432/" + LocalPlatform.LEGACY_DATABASE;
        String legacyUser = "postgres";
        String legacyPassword = "";
        Path dataDirectory = Path.of(".local-data");
        boolean raw = false;
        List<String> words = new ArrayList<>();
        for (String arg : args) {
            String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            String value = arg.contains("=") ? arg.substring(arg.indexOf('=') + 1) : "";
            if (arg.startsWith("--") && !arg.equals("--help") && !OPTIONS.contains(name)) {
                err.println("migrate: unknown option " + arg + " (--help lists the options)");
                return 2;
            }
            switch (name) {
                case "--command-url" -> commandUrl = value;
                case "--query-url" -> queryUrl = value;
                case "--legacy-url" -> legacyUrl = value;
                case "--legacy-user" -> legacyUser = value;
                case "--legacy-password" -> legacyPassword = value;
                case "--data-dir" -> dataDirectory = Path.of(value);
                case "--json" -> raw = true;
                default -> words.add(arg);
            }
        }
        if (words.contains("--help")) {
            out.print(USAGE);
            return 0;
        }
        if (words.size() != 1 || !List.of("status", "follow", "pause", "drain", "cut-over").contains(words.get(0))) {
            err.println("migrate: " + (words.isEmpty() ? "a command is required" : "unknown command " + String.join(" ", words))
                    + " (--help lists them)");
            return 2;
        }
        String password = OperatorPassword.find(dataDirectory);
        if (password == null) {
            err.println("migrate: no operator password: set " + OperatorPassword.ENVIRONMENT + " or run from the directory"
                    + " the local run keeps its data in (--data-dir)");
            return 2;
        }
        MigrateCli cli = new MigrateCli(commandUrl, queryUrl, new ApiSession(commandUrl, OperatorPassword.USERNAME, password), out);
        try {
            return switch (words.get(0)) {
                case "status" -> cli.status(raw);
                case "pause" -> cli.print(cli.call("POST", "/api/migration/pause", null));
                case "follow" -> cli.print(cli.call("POST", "/api/migration/follow", null));
                case "drain" -> cli.print(cli.call("POST", "/api/migration/drain", null));
                default -> cli.cutOver(new ParitySettings(legacyUrl, legacyUser, legacyPassword, queryUrl, commandUrl, null,
                        ParitySettings.DEFAULT_ZONE, ParitySettings.DEFAULT_THREADS, null));
            };
        } catch (ConnectException e) {
            err.println("migrate: the command side does not answer at " + commandUrl);
            return 2;
        } catch (IOException | RuntimeException e) {
            err.println("migrate: " + e.getMessage());
            return 2;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 130;
        }
    }

    private int status(boolean raw) throws IOException, InterruptedException {
        HttpResponse<String> response = call("GET", "/api/migration", null);
        if (response.statusCode() != 200 || raw) {
            return print(response);
        }
        JsonNode status = json.readTree(response.body());
        out.printf("state              %s%n", status.path("state").asText());
        out.printf("system of record   %s%n", status.path("systemOfRecord").asText());
        if (!status.path("slot").isMissingNode() && !status.path("slot").isNull()) {
            out.printf("slot               %s (snapshot at %s)%n", status.path("slot").asText(), status.path("snapshotLsn").asText());
        }
        out.printf("lag                %s bytes of WAL (legacy at %s, slot confirmed %s), %s s behind at the last change%n",
                text(status.path("lagBytes")), text(status.path("legacyLsn")), text(status.path("confirmedLsn")),
                text(status.path("secondsBehind")));
        out.printf("last legacy commit %s%n", text(status.path("lastLegacyCommit")));
        out.printf("events appended    %d (%.1f/s over the last 10 s), from %d row changes; %d redelivered changes skipped%n",
                status.path("eventsAppended").asLong(), status.path("eventsPerSecond").asDouble(),
                status.path("rowChanges").asLong(), status.path("redeliveriesSkipped").asLong());
        if (status.hasNonNull("failure")) {
            out.printf("failure            %s%n", status.path("failure").asText());
        }
        return 0;
    }

    private int cutOver(ParitySettings parity) throws IOException, InterruptedException {
        HttpResponse<String> drained = call("POST", "/api/migration/drain", null);
        if (drained.statusCode() != 200) {
            return print(drained);
        }
        String marker = json.readTree(drained.body()).path("marker").asText();
        JsonNode status = json.readTree(call("GET", "/api/migration", null).body());
        if (status.hasNonNull("snapshotAt")) {
            parity = parity.followedSince(java.time.Instant.parse(status.path("snapshotAt").asText()));
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
        HttpResponse<String> cutOver = call("POST", "/api/migration/cut-over", "{\"checkedAtMarker\": \"" + marker + "\"}");
        if (cutOver.statusCode() != 200) {
            return print(cutOver);
        }
        out.println("Cut over: the platform is the system of record and its command API is open. " + cutOver.body());
        return 0;
    }

    private static String text(JsonNode value) {
        return value.isMissingNode() || value.isNull() ? "-" : value.asText();
    }

    private int print(HttpResponse<String> response) {
        out.println(response.body().isEmpty() ? "HTTP " + response.statusCode() : response.body());
        return response.statusCode() < 300 ? 0 : 1;
    }

    private HttpResponse<String> call(String method, String path, String body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(commandUrl + path)).timeout(Duration.ofMinutes(2))
                .header("Authorization", operator.authorization())
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
