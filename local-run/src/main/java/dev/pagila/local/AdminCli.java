package dev.pagila.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pagila.local.session.ApiSession;

import java.io.IOException;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The operator's command line for the query side's admin API: projection status, replays with a progress bar,
 * dead letters, the cache. {@code java -jar local-run-exec.jar admin <command> ...}
 */
final class AdminCli {

    static final String USAGE = """
            Usage: admin <command> [--query-url=http://localhost:8081] [--command-url=http://localhost:8080]
                                   [--user=admin] [--data-dir=.local-data]
              status [--json]                        every processor: position, head, lag, segments, replaying
              replay <group> [--from-position=<n> | --from-time=<ISO instant>] [--no-wait]
                                                     replay a processor (from the first event: rebuild), with progress
              dead-letters [<group>]                 events parked after a projection kept failing on them
              retry <group>                          hand a group's dead letters to its projection again
              evict <group> <dead letter id>         drop a dead letter for good
              read-model                             the active Films table, the previous one, any rebuild
              rebuild [--no-wait]                    blue/green: fill a new Films table and switch to it when caught up
              drop-table <table>                     drop a Films table that is neither active nor being rebuilt
              cache-flush | cache-warm               empty Redis, or fill it from DynamoDB
            Signs in at the command API as --user (an account with role ADMIN), with the password from
            PAGILA_OPERATOR_PASSWORD, else the local run's <data-dir>/operator-password.
            """;

    private static final java.util.Set<String> SUBCOMMAND_OPTIONS = java.util.Set.of("--json", "--no-wait", "--from-position",
            "--from-time");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();
    private final String baseUrl;
    private final ApiSession session;
    private final PrintStream out;

    AdminCli(String baseUrl, ApiSession session, PrintStream out) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.session = session;
        this.out = out;
    }

    static void main(String[] args) {
        String url = "http://localhost:8081";
        String commandUrl = "http://localhost:8080";
        String user = OperatorPassword.USERNAME;
        Path dataDirectory = Path.of(".local-data");
        List<String> words = new ArrayList<>();
        for (String arg : args) {
            if (arg.startsWith("--query-url=")) {
                url = arg.substring("--query-url=".length());
            } else if (arg.startsWith("--command-url=")) {
                commandUrl = arg.substring("--command-url=".length());
            } else if (arg.startsWith("--user=")) {
                user = arg.substring("--user=".length());
            } else if (arg.startsWith("--data-dir=")) {
                dataDirectory = Path.of(arg.substring("--data-dir=".length()));
            } else if (arg.startsWith("--") && !arg.equals("--help") && !SUBCOMMAND_OPTIONS.contains(arg.split("=")[0])) {
                System.err.println("admin: unknown option " + arg + " (--help lists the options)");
                System.exit(2);
            } else {
                words.add(arg);
            }
        }
        if (words.isEmpty() || words.contains("--help")) {
            System.out.print(USAGE);
            System.exit(words.isEmpty() ? 2 : 0);
        }
        String password = OperatorPassword.find(dataDirectory);
        if (password == null) {
            System.err.println("admin: no operator password: set " + OperatorPassword.ENVIRONMENT + " or run from the directory"
                    + " the local run keeps its data in (--data-dir)");
            System.exit(2);
        }
        try {
            System.exit(new AdminCli(url, new ApiSession(commandUrl, user, password), System.out).run(words));
        } catch (ConnectException e) {
            System.err.println("admin: the query side does not answer at " + url);
            System.exit(2);
        } catch (IOException | RuntimeException e) {
            System.err.println("admin: " + e.getMessage());
            System.exit(2);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            System.exit(130);
        }
    }

    int run(List<String> words) throws IOException, InterruptedException {
        String command = words.get(0);
        List<String> rest = words.subList(1, words.size());
        return switch (command) {
            case "status" -> status(rest.contains("--json"));
            case "replay" -> rest.isEmpty() ? usage() : replay(rest.get(0), rest.subList(1, rest.size()));
            case "dead-letters" -> deadLetters(rest.isEmpty() ? null : rest.get(0));
            case "retry" -> rest.isEmpty() ? usage() : print(call("POST", "/admin/dead-letters/" + rest.get(0) + "/retry"));
            case "evict" -> rest.size() < 2 ? usage()
                    : print(call("DELETE", "/admin/dead-letters/" + rest.get(0) + "/" + encode(rest.get(1))));
            case "read-model" -> print(call("GET", "/admin/read-model"));
            case "rebuild" -> rebuild(!rest.contains("--no-wait"));
            case "drop-table" -> rest.isEmpty() ? usage() : print(call("DELETE", "/admin/read-model/tables/" + encode(rest.get(0))));
            case "cache-flush" -> print(call("POST", "/admin/cache/flush"));
            case "cache-warm" -> print(call("POST", "/admin/cache/warm"));
            default -> usage();
        };
    }

    private int usage() {
        System.err.print(USAGE);
        return 2;
    }

    private int status(boolean raw) throws IOException, InterruptedException {
        HttpResponse<String> response = call("GET", "/admin/processors");
        if (response.statusCode() != 200 || raw) {
            return print(response);
        }
        out.printf("%-10s %10s %10s %10s %10s %-9s %4s  %s%n", "processor", "position", "head", "lag", "lag (s)",
                "state", "dlq", "segments (owner)");
        for (JsonNode processor : json.readTree(response.body()).path("items")) {
            StringBuilder segments = new StringBuilder();
            for (JsonNode segment : processor.path("segments")) {
                segments.append(segments.isEmpty() ? "" : ", ").append(segment.path("segment").asInt()).append(" (")
                        .append(segment.path("owner").isNull() ? "unclaimed" : segment.path("owner").asText()).append(")");
            }
            String state = processor.path("replaying").asBoolean() ? "replaying"
                    : processor.path("errorHere").asBoolean() ? "error"
                    : processor.path("caughtUp").asBoolean() ? "live" : "behind";
            out.printf("%-10s %10d %10d %10d %10.1f %-9s %4d  %s%n", processor.path("name").asText(),
                    processor.path("position").asLong(), processor.path("head").asLong(), processor.path("lagEvents").asLong(),
                    processor.path("lagSeconds").asDouble(), state, processor.path("deadLetters").asInt(), segments);
        }
        return 0;
    }

    private int replay(String group, List<String> options) throws IOException, InterruptedException {
        StringBuilder query = new StringBuilder();
        boolean wait = true;
        for (String option : options) {
            if (option.startsWith("--from-position=")) {
                query.append(query.isEmpty() ? "?" : "&").append("fromPosition=").append(encode(option.substring(16)));
            } else if (option.startsWith("--from-time=")) {
                query.append(query.isEmpty() ? "?" : "&").append("fromTime=").append(encode(option.substring(12)));
            } else if (option.equals("--no-wait")) {
                wait = false;
            } else {
                return usage();
            }
        }
        HttpResponse<String> started = call("POST", "/admin/processors/" + encode(group) + "/replay" + query);
        if (started.statusCode() != 202) {
            return print(started);
        }
        out.println("Replaying " + group + " from " + json.readTree(started.body()).path("replayingFrom").asText());
        return wait ? follow(group) : 0;
    }

    /** Polls the processor's status until it has caught up with the head, drawing a progress bar. */
    private int follow(String group) throws IOException, InterruptedException {
        Instant began = Instant.now();
        long firstPosition = -1;
        while (true) {
            Thread.sleep(1000);
            HttpResponse<String> response = call("GET", "/admin/processors/" + encode(group));
            if (response.statusCode() != 200) {
                return print(response);
            }
            JsonNode status = json.readTree(response.body());
            long position = Math.max(0, status.path("position").asLong());
            long head = Math.max(1, status.path("head").asLong());
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
            if (status.path("caughtUp").asBoolean()) {
                out.printf("%n%s caught up with the head in %s%n", group, formatDuration((long) seconds));
                return 0;
            }
        }
    }

    private int rebuild(boolean wait) throws IOException, InterruptedException {
        HttpResponse<String> started = call("POST", "/admin/read-model/rebuild");
        if (started.statusCode() != 202) {
            return print(started);
        }
        String table = json.readTree(started.body()).path("table").asText();
        out.println("Rebuilding into " + table + "; queries keep using the active table until it has caught up");
        if (!wait) {
            return 0;
        }
        Instant began = Instant.now();
        while (true) {
            Thread.sleep(1000);
            JsonNode readModel = json.readTree(call("GET", "/admin/read-model").body());
            JsonNode rebuild = readModel.path("rebuild");
            long head = 0;
            for (JsonNode processor : json.readTree(call("GET", "/admin/processors").body()).path("items")) {
                head = Math.max(head, processor.path("head").asLong());
            }
            StringBuilder line = new StringBuilder();
            rebuild.path("positions").fields().forEachRemaining(group -> line.append(group.getKey()).append(' ')
                    .append(String.format("%,d", Math.max(0, group.getValue().asLong()))).append("  "));
            out.printf("\r%s of %,d  (%s)   ", line, head, formatDuration(Duration.between(began, Instant.now()).toSeconds()));
            String state = rebuild.path("state").asText();
            if (state.equals("SWITCHED")) {
                out.printf("%nQueries now read %s; the previous table %s stays until 'admin drop-table %s'%n",
                        readModel.path("activeTable").asText(), readModel.path("previousTable").asText(),
                        readModel.path("previousTable").asText());
                return 0;
            }
            if (state.equals("FAILED")) {
                out.printf("%nThe rebuild failed: %s%n", rebuild.path("error").asText());
                return 1;
            }
        }
    }

    private int deadLetters(String group) throws IOException, InterruptedException {
        HttpResponse<String> response = call("GET", "/admin/dead-letters" + (group == null ? "" : "?group=" + encode(group)));
        if (response.statusCode() != 200) {
            return print(response);
        }
        JsonNode items = json.readTree(response.body()).path("items");
        if (items.isEmpty()) {
            out.println("No dead letters.");
            return 0;
        }
        out.printf("%-36s %-10s %-22s %-28s %s%n", "id", "group", "sequence", "event", "cause");
        for (JsonNode letter : items) {
            out.printf("%-36s %-10s %-22s %-28s %s: %s%n", letter.path("id").asText(), letter.path("group").asText(),
                    letter.path("sequence").asText(), letter.path("eventType").asText(), letter.path("causeType").asText(),
                    letter.path("causeMessage").asText());
        }
        return 0;
    }

    private int print(HttpResponse<String> response) {
        out.println(response.body().isEmpty() ? "HTTP " + response.statusCode() : response.body());
        return response.statusCode() < 300 ? 0 : 1;
    }

    private HttpResponse<String> call(String method, String path) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofMinutes(5))
                .method(method, HttpRequest.BodyPublishers.noBody());
        request.header("Authorization", session.authorization());
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    static String formatDuration(long seconds) {
        return seconds >= 60 ? (seconds / 60) + "m" + String.format("%02d", seconds % 60) + "s" : seconds + "s";
    }
}
