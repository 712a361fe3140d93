package dev.pagila.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The operator's commands against a small HTTP server answering as the APIs do (null fields left out): what they
 * print from the answers, and their exit codes.
 */
class OperatorCommandsTest {

    private static final String NL = System.lineSeparator();

    @TempDir
    Path dataDirectory;

    private HttpServer server;
    private String base;
    private final Map<String, String> answers = new ConcurrentHashMap<>();
    private final StringWriter out = new StringWriter();
    private final ByteArrayOutputStream adminOut = new ByteArrayOutputStream();
    private PrintStream systemOut;

    @BeforeEach
    void start() throws IOException {
        Files.writeString(dataDirectory.resolve("operator-password"), "secret" + NL);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::answer);
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
        answers.put("POST /api/auth/token", "200 {\"access_token\":\"t\",\"token_type\":\"Bearer\",\"expires_in\":900}");
        systemOut = System.out;
        System.setOut(new PrintStream(adminOut, true, StandardCharsets.UTF_8)); // the admin commands print there
    }

    @AfterEach
    void stop() {
        System.setOut(systemOut);
        server.stop(0);
    }

    private void answer(HttpExchange exchange) throws IOException {
        String answer = answers.getOrDefault(exchange.getRequestMethod() + " " + exchange.getRequestURI(),
                "404 {\"status\":404,\"title\":\"Not Found\"}");
        byte[] body = answer.substring(4).getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(Integer.parseInt(answer.substring(0, 3)), body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            exchange.getResponseBody().write(body);
        }
        exchange.close();
    }

    private int execute(String... args) {
        CommandLine cli = PagilaCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        String[] all = new String[args.length + 3];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--command-url=" + base;
        all[args.length + 1] = "--data-dir=" + dataDirectory;
        all[args.length + 2] = "--query-url=" + base;
        return cli.execute(all);
    }

    private String adminOutput() {
        return adminOut.toString(StandardCharsets.UTF_8);
    }

    @Test
    void statusPrintsEachProcessorWithItsSegmentsOwners() {
        answers.put("GET /admin/processors", """
                200 {"items": [{"name": "catalog", "position": 41, "head": 42, "lagEvents": 1, "lagSeconds": 0.5,
                  "replaying": false, "caughtUp": false, "segments": [{"segment": 0, "owner": "query-side-1", "position": 41,
                  "replaying": false}, {"segment": 1, "position": 40, "replaying": false}], "runningHere": true,
                  "errorHere": false, "deadLetters": 2}]}""");

        assertThat(execute("admin", "status")).isZero();
        assertThat(adminOutput()).isEqualTo(String.format("%-10s %10s %10s %10s %10s %-9s %4s  %s%n", "processor", "position",
                "head", "lag", "lag (s)", "state", "dlq", "segments (owner)") + String.format(
                "%-10s %10d %10d %10d %10.1f %-9s %4d  %s%n", "catalog", 41, 42, 1, 0.5, "behind", 2,
                "0 (query-side-1), 1 (unclaimed)"));
    }

    @Test
    void deadLettersPrintAnAbsentCauseAsNothing() {
        answers.put("GET /admin/dead-letters?group=sales", """
                200 {"items": [{"id": "d1", "group": "sales", "sequence": "rental-7", "sequenceIndex": 0,
                  "eventType": "FilmRentedEvent", "causeType": "java.lang.IllegalStateException"}]}""");

        assertThat(execute("admin", "dead-letters", "sales")).isZero();
        assertThat(adminOutput()).endsWith(String.format("%-36s %-10s %-22s %-28s %s: %s%n", "d1", "sales", "rental-7",
                "FilmRentedEvent", "java.lang.IllegalStateException", ""));
    }

    @Test
    void aRefusalIsPrintedAsItCameWithExitCode1() {
        assertThat(execute("admin", "replay", "nobody", "--no-wait")).isEqualTo(1);
        assertThat(adminOutput()).isEqualTo("{\"status\":404,\"title\":\"Not Found\"}" + NL);
    }

    @Test
    void migrationStatusPrintsWhatDoesNotApplyAsADash() {
        answers.put("GET /api/migration", """
                200 {"state": "following", "systemOfRecord": "legacy", "slot": "pagila_follower", "snapshotLsn": "0/1A2B",
                  "legacyLsn": "0/1A3C", "confirmedLsn": "0/1A3C", "lagBytes": 0, "secondsBehind": 0.25,
                  "lastLegacyCommit": "2026-01-02T03:04:05.123Z", "eventsAppended": 12, "eventsPerSecond": 1.5,
                  "rowChanges": 10, "redeliveriesSkipped": 0}""");

        assertThat(execute("migrate", "status")).isZero();
        assertThat(out.toString()).isEqualTo("state              following" + NL
                + "system of record   legacy" + NL
                + "slot               pagila_follower (snapshot at 0/1A2B)" + NL
                + "lag                0 bytes of WAL (legacy at 0/1A3C, slot confirmed 0/1A3C), 0.25 s behind at the last change" + NL
                + "last legacy commit 2026-01-02T03:04:05.123Z" + NL
                + String.format("events appended    %d (%.1f/s over the last 10 s), from %d row changes; %d redelivered changes"
                + " skipped%n", 12, 1.5, 10, 0));

        answers.put("GET /api/migration", "200 {\"state\": \"idle\", \"systemOfRecord\": \"platform\", \"eventsAppended\": 0,"
                + " \"eventsPerSecond\": 0.0, \"rowChanges\": 0, \"redeliveriesSkipped\": 0}");
        out.getBuffer().setLength(0);

        assertThat(execute("migrate", "status")).isZero();
        assertThat(out.toString()).contains("lag                - bytes of WAL (legacy at -, slot confirmed -), - s behind"
                + " at the last change" + NL + "last legacy commit -" + NL).doesNotContain("slot   ").doesNotContain("failure");
    }
}
