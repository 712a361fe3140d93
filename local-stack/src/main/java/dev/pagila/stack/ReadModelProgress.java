package dev.pagila.stack;

import dev.pagila.client.ApiException;
import dev.pagila.client.ApiResponse;
import dev.pagila.client.ApiSession;
import dev.pagila.client.answer.FillReport;
import dev.pagila.client.answer.ProcessorStatus;
import dev.pagila.client.answer.ReadModelStatus;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;

/** Follows the query side's projections through its admin status API until every one has reached the head. */
public final class ReadModelProgress {

    private final String queryApi;
    private final ApiSession operator;

    public ReadModelProgress(String queryApi, ApiSession operator) {
        this.queryApi = queryApi;
        this.operator = operator;
    }

    /** The slowest processor's position (-1 before every processor has a token), and the head of the stream. */
    public Snapshot read() {
        try {
            ApiResponse response = get("/admin/processors");
            if (response.status() != 200) {
                throw new LocalStackException("the query side's status answered " + response.status() + ": " + response.body());
            }
            long slowest = Long.MAX_VALUE;
            long head = 0;
            boolean allCaughtUp = true;
            for (ProcessorStatus processor : response.pageOf(ProcessorStatus.class).items()) {
                slowest = Math.min(slowest, processor.segments().isEmpty() ? -1 : processor.position());
                head = Math.max(head, processor.head());
                allCaughtUp &= processor.lagEvents() == 0 && !processor.segments().isEmpty();
            }
            return new Snapshot(slowest == Long.MAX_VALUE ? -1 : slowest, head, allCaughtUp);
        } catch (IOException | ApiException e) {
            throw new LocalStackException("reading the projections' progress failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LocalStackException("interrupted while reading the projections' progress");
        }
    }

    /** What the query side's bulk fill at start did, as one line; empty when it started with every token in place. */
    public Optional<String> startFill() {
        try {
            ApiResponse response = get("/admin/read-model");
            FillReport fill = response.status() == 200 ? response.as(ReadModelStatus.class).startFill() : null;
            if (fill == null) {
                return Optional.empty();
            }
            double seconds = Duration.between(fill.startedAt(), fill.reportedAt()).toMillis() / 1000.0;
            return Optional.of(String.format("Query side filled %s up to position %,d in %.1f s (%,d items written): %s",
                    fill.table(), fill.position(), seconds, fill.itemsWritten(), fill.state()));
        } catch (IOException | ApiException e) {
            throw new LocalStackException("reading the read model's status failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LocalStackException("interrupted while reading the read model's status");
        }
    }

    private ApiResponse get(String path) throws IOException, InterruptedException {
        return operator.get(queryApi + path);
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
