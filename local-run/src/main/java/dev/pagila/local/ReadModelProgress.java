package dev.pagila.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pagila.infra.local.LocalStackException;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * How far the query side's processors have got through the event stream, read from their tracking tokens.
 * A processor that has not started yet, or is replaying, counts from where its current token is; a replay
 * token's {@code tokenAtReset} already names the head and does not count.
 */
final class ReadModelProgress {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final DataSource admin;

    ReadModelProgress(DataSource admin) {
        this.admin = admin;
    }

    /** The lowest position any segment of any processor has tracked, and the head of the stream. */
    Snapshot read() {
        try (Connection connection = admin.getConnection(); Statement statement = connection.createStatement()) {
            long head;
            try (ResultSet result = statement.executeQuery("SELECT coalesce(max(global_index), 0) FROM events.domain_event_entry")) {
                result.next();
                head = result.getLong(1);
            }
            long slowest = Long.MAX_VALUE;
            boolean anySegment = false;
            try (ResultSet tokens = statement.executeQuery("SELECT convert_from(token, 'UTF8') FROM projections.token_entry")) {
                while (tokens.next()) {
                    anySegment = true;
                    slowest = Math.min(slowest, trackedPosition(tokens.getString(1)));
                }
            }
            return new Snapshot(anySegment ? slowest : -1, head);
        } catch (SQLException e) {
            throw new LocalStackException("reading the projections' progress failed: " + e.getMessage(), e);
        }
    }

    /** Waits until every processor has tracked the head of the stream, telling how far it has got meanwhile. */
    void awaitCaughtUp(Duration timeout, Consumer<String> progress) {
        Instant deadline = Instant.now().plus(timeout);
        Instant nextReport = Instant.now().plusSeconds(5);
        Snapshot now = read();
        while (!now.caughtUp()) {
            if (Instant.now().isAfter(deadline)) {
                throw new LocalStackException("the query side did not catch up within " + timeout.toSeconds() + " s (at "
                        + now.tracked() + " of " + now.head() + ")");
            }
            if (Instant.now().isAfter(nextReport)) {
                progress.accept("Query side catching up: " + Math.max(0, now.tracked()) + " of " + now.head() + " events");
                nextReport = Instant.now().plusSeconds(5);
            }
            pause();
            now = read();
        }
    }

    record Snapshot(long tracked, long head) {

        boolean caughtUp() {
            return tracked >= head;
        }
    }

    private static long trackedPosition(String token) {
        if (token == null) {
            return -1;
        }
        try {
            JsonNode node = JSON.readTree(token);
            if (node.has("tokenAtReset")) {
                node = node.path("currentToken");
            }
            return node.has("index") ? node.get("index").asLong() : -1;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void pause() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LocalStackException("interrupted while waiting for the query side");
        }
    }
}
