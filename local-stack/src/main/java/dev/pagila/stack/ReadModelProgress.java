package dev.pagila.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pagila.client.ApiSession;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;

/** Follows the query side's projections through its admin status API until every one has reached the head. */
public final class ReadModelProgress {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String queryApi;
    private final ApiSession operator;

    public ReadModelProgress(String queryApi, ApiSession operator) {
        this.queryApi = queryApi;
        this.operator = operator;
    }

    /** The slowest processor's position (-1 before every processor has a token), and the head of the stream. */
    public Snapshot read() {
        try {
            HttpResponse<String> response = get("/admin/processors");
            if (response.statusCode() != 200) {
                throw new LocalStackException("the query side's status answered " + response.statusCode() + ": " + response.body());
            }
            long slowest = Long.MAX_VALUE;
            long head = 0;
            boolean allCaughtUp = true;
            for (JsonNode processor : JSON.readTree(response.body()).path("items")) {
                slowest = Math.min(slowest, processor.path("segments").isEmpty() ? -1 : processor.path("position").asLong());
                head = Math.max(head, processor.path("head").asLong());
                allCaughtUp &= processor.path("lagEvents").asLong() == 0 && !processor.path("segments").isEmpty();
            }
            return new Snapshot(slowest == Long.MAX_VALUE ? -1 : slowest, head, allCaughtUp);
        } catch (IOException e) {
            throw new LocalStackException("reading the projections' progress failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LocalStackException("interrupted while reading the projections' progress");
        }
    }

    /** What the query side's bulk fill at start did, as one line; empty when it started with every token in place. */
    public java.util.Optional<String> startFill() {
        try {
            HttpResponse<String> response = get("/admin/read-model");
            JsonNode fill = JSON.readTree(response.body()).path("startFill");
            if (response.statusCode() != 200 || fill.isMissingNode() || fill.isNull()) {
                return java.util.Optional.empty();
            }
            double seconds = Duration.between(Instant.parse(fill.path("startedAt").asText()),
                    Instant.parse(fill.path("reportedAt").asText())).toMillis() / 1000.0;
            return java.util.Optional.of(String.format("Query side filled %s up to position %,d in %.1f s (%,d items written): %s",
                    fill.path("table").asText(), fill.path("position").asLong(), seconds, fill.path("itemsWritten").asLong(),
                    fill.path("state").asText()));
        } catch (IOException e) {
            throw new LocalStackException("reading the read model's status failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LocalStackException("interrupted while reading the read model's status");
        }
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(queryApi + path)).header("Authorization", operator.authorization())
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Waits until every processor has tracked the head of the stream, telling how far it has got meanwhile. */
    public void awaitCaughtUp(Duration timeout, Consumer<String> progress) {
        Instant began = Instant.now();
        Instant deadline = began.plus(timeout);
        Instant nextReport = began.plusSeconds(5);
        Snapshot now = read();
        boolean wasBehind = !now.caughtUp();
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
        if (wasBehind) {
            double seconds = Duration.between(began, Instant.now()).toMillis() / 1000.0;
            progress.accept(String.format("Query side caught up with %,d events in %.0f s (%,.0f events/s)", now.head(), seconds,
                    now.head() / seconds));
        }
    }

    public record Snapshot(long tracked, long head, boolean caughtUp) {
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
