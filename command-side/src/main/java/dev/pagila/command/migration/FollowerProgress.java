package dev.pagila.command.migration;

import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * How far the follower has got since this instance started: the drain markers passed, the row changes, events and
 * redeliveries counted, the last legacy commit followed and the samples of the append rate. Batches record into it
 * once committed; drains wait on it; the status and the metrics read it.
 * <p>
 * Guarded by a lock of its own, never {@link LegacyFollower}'s monitor: the follower's transitions (follow, pause,
 * cut-over, the watchdog, stop) hold that monitor while they stop the engine, and stopping waits for the batch in
 * progress; a batch that needed the monitor to record its progress would wait for the stop that waits for it, until
 * Debezium's and the runner's timeouts gave up (70 s). The lock is private to this class, held only briefly (a drain's
 * {@code wait} releases it), and nothing done while holding it takes another lock or waits for the engine, so the only
 * order in which the two are ever held is the monitor, then this lock.
 */
@Component
final class FollowerProgress {

    private final Clock clock;
    private final Object lock = new Object();
    private final Map<String, Long> markers = new HashMap<>(); // guarded by lock, as is everything below
    private final Deque<long[]> appendedSamples = new ArrayDeque<>();
    private long rowChanges;
    private long eventsAppended;
    private long redeliveries;
    private Instant lastCommittedAt;
    private Instant lastAppliedAt;

    FollowerProgress(Clock clock) {
        this.clock = clock;
    }

    /**
     * What one committed batch did.
     *
     * @param markersPassed   each drain marker the batch passed, with the batch's row changes before it
     * @param lastCommittedAt the legacy commit of the batch's last row change; null for a batch without one
     */
    record Batch(long rowChanges, long eventsAppended, long redeliveries, Map<String, Long> markersPassed,
                 Instant lastCommittedAt) {
    }

    /** One batch's progress as a whole, not halves of two. */
    record Totals(Instant lastCommittedAt, long eventsAppended, long rowChanges, long redeliveries) {
    }

    /** Records a batch once its transaction committed, and wakes the drains waiting for a marker. */
    void record(Batch batch) {
        synchronized (lock) {
            batch.markersPassed().forEach((marker, changesBefore) -> markers.put(marker, rowChanges + changesBefore));
            rowChanges += batch.rowChanges();
            eventsAppended += batch.eventsAppended();
            redeliveries += batch.redeliveries();
            if (batch.lastCommittedAt() != null) {
                lastCommittedAt = batch.lastCommittedAt();
                lastAppliedAt = clock.instant();
            }
            long now = clock.millis();
            appendedSamples.addLast(new long[] {now, eventsAppended});
            while (appendedSamples.size() > 2 && appendedSamples.peekFirst()[0] < now - 10_000) {
                appendedSamples.removeFirst();
            }
            lock.notifyAll();
        }
    }

    /**
     * Waits until a batch has passed the marker; false once {@code timeout} has passed or {@code stillFollowing}
     * says no, which is asked while holding this lock and so must only read (the follower's state is volatile).
     */
    boolean awaitMarker(String marker, Duration timeout, BooleanSupplier stillFollowing) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            while (!markers.containsKey(marker)) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || !stillFollowing.getAsBoolean()) {
                    return false;
                }
                lock.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            }
            return true;
        }
    }

    /** The row changes followed before a drained marker, null for a marker this instance has not passed. */
    Long rowChangesBefore(String marker) {
        synchronized (lock) {
            return markers.get(marker);
        }
    }

    Totals totals() {
        synchronized (lock) {
            return new Totals(lastCommittedAt, eventsAppended, rowChanges, redeliveries);
        }
    }

    /** From the legacy commit of the last change followed to its events being appended. */
    Optional<Double> secondsBehind() {
        Instant committed;
        Instant applied;
        synchronized (lock) { // the commit and its application, of the same batch
            committed = lastCommittedAt;
            applied = lastAppliedAt;
        }
        return committed == null ? Optional.empty() : Optional.of(Duration.between(committed, applied).toMillis() / 1000.0);
    }

    long eventsAppended() {
        synchronized (lock) {
            return eventsAppended;
        }
    }

    /** Over the last ten seconds or so. */
    double eventsPerSecond() {
        synchronized (lock) {
            if (appendedSamples.size() < 2) {
                return 0;
            }
            long[] first = appendedSamples.peekFirst();
            long[] last = appendedSamples.peekLast();
            long millis = Math.max(1, clock.millis() - first[0]);
            return (last[1] - first[1]) * 1000.0 / millis;
        }
    }
}
