package dev.pagila.command.migration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Follows the monolith's database until cut-over: every committed change becomes the events the import would have
 * written, appended in commit order, one transaction per batch of changes. This class is the follower's state and its
 * transitions (start-up, follow, stand by, recover, pause, drain, cut-over, stop), which the operator's endpoints and
 * the application's lifecycle call; the work is its parts': who follows ({@link FollowerLeadership}), Debezium's engine
 * and its offsets ({@link FollowerEngine}), applying a batch ({@link FollowedBatchApplier}), draining and cutting over
 * ({@link DrainAndCutOver}), the progress ({@link FollowerProgress}) and what operators see ({@link FollowerStatus}).
 * <p>
 * Two locks, as before the parts were split out: this object's monitor, held by every transition, also while it
 * stops the engine and so waits for the batch in progress; and {@link FollowerProgress}'s, the only one the engine's
 * thread takes. Nothing the engine's thread runs holds a reference to this object except the completion callback
 * ({@link #engineStopped}), which takes no lock.
 */
@Component
public class LegacyFollower implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(LegacyFollower.class);

    private final MigrationProperties properties;
    private final SystemOfRecord systemOfRecord;
    private final FollowerLeadership leadership;
    private final FollowerEngine engine;
    private final FollowedBatchApplier batches;
    private final DrainAndCutOver drainAndCutOver;
    private final FollowerStatus status;
    private final Clock clock;
    private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "legacy-follower-watchdog");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicBoolean watched = new AtomicBoolean();
    private volatile State state = State.IDLE; // set under the monitor, read without it
    private volatile String failure;
    private volatile Instant failedAt;

    public enum State { IDLE, FOLLOWING, STANDBY, PAUSED, FAILED, CUT_OVER }

    LegacyFollower(MigrationProperties properties, SystemOfRecord systemOfRecord, FollowerLeadership leadership,
                   FollowerEngine engine, FollowedBatchApplier batches, DrainAndCutOver drainAndCutOver,
                   FollowerStatus status, Clock clock) {
        this.properties = properties;
        this.systemOfRecord = systemOfRecord;
        this.leadership = leadership;
        this.engine = engine;
        this.batches = batches;
        this.drainAndCutOver = drainAndCutOver;
        this.status = status;
        this.clock = clock;
    }

    // -- lifecycle: follows from start-up when a source is configured and the monolith is the system of record --

    @Override
    public void start() {
        if (properties.source().configured() && systemOfRecord.current().filter(m -> !m.platformIsSystemOfRecord()).isPresent()) {
            follow();
        } else if (systemOfRecord.current().filter(SystemOfRecord.Migration::platformIsSystemOfRecord).isPresent()) {
            state = State.CUT_OVER;
        }
    }

    @Override
    public void stop() {
        watchdog.shutdownNow();
        stopEngine();
        releaseLeadership();
    }

    @Override
    public boolean isRunning() {
        return engine.running() || leadership.held() || state == State.STANDBY;
    }

    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 100; // after the event store and the lookups are up, stopped before them
    }

    public synchronized void follow() {
        if (engine.running()) {
            return;
        }
        if (!properties.source().configured()) {
            throw new MigrationStateException("no legacy database configured (pagila.migration.source.url)");
        }
        SystemOfRecord.Migration migration = systemOfRecord.current().orElseThrow(() -> new MigrationStateException(
                "this event store was not imported from a replication slot's snapshot: run the import with --follow"));
        if (migration.platformIsSystemOfRecord()) {
            throw new MigrationStateException("cut over at " + migration.cutOverAt() + ": nothing to follow");
        }
        if (watched.compareAndSet(false, true)) {
            watchdog.scheduleWithFixedDelay(this::takeOverOrRecover, 1, 1, TimeUnit.SECONDS);
        }
        if (!leadership.tryToLead()) {
            if (state != State.STANDBY) {
                log.info("Another instance follows the legacy database; this one stands by to take over");
            }
            state = State.STANDBY;
            return;
        }
        batches.open();
        failure = null;
        engine.start(migration, batches::apply, this::engineStopped);
        state = State.FOLLOWING;
        log.info("Following the legacy database through slot {} (publication {})", migration.slot(), migration.publication());
    }

    /** On the engine's thread, as it stops: never takes the monitor, which {@link #stopEngine} holds meanwhile. */
    private void engineStopped(boolean success, String message, Throwable error) {
        if (!success && state == State.FOLLOWING) {
            failure = error != null ? error.getMessage() : message;
            failedAt = clock.instant();
            state = State.FAILED;
            log.error("Following the legacy database stopped (again in {} s): {}",
                    properties.retryAfter().toSeconds(), failure, error);
        }
    }

    /**
     * The watchdog's round: a standby takes over once the follower's lock is free; a follower stopped by a failure (the
     * platform's database or the legacy one unreachable, say) starts again after {@code retry-after}, from the stored
     * offsets: nothing of the failed batch was stored. A pause stops both.
     */
    private synchronized void takeOverOrRecover() {
        try {
            if (state == State.STANDBY) {
                follow();
            } else if (state == State.FAILED && failedAt.plus(properties.retryAfter()).isBefore(clock.instant())) {
                stopEngine();
                log.info("Following the legacy database again after: {}", failure);
                follow();
            }
        } catch (RuntimeException e) {
            failedAt = clock.instant();
            log.warn("Following the legacy database again failed: {}", e.getMessage());
        }
    }

    public synchronized void pause() {
        if (state != State.FOLLOWING && state != State.FAILED) {
            throw new MigrationStateException("not following (" + state.name().toLowerCase() + ")");
        }
        stopEngine();
        state = State.PAUSED;
    }

    /**
     * Holds the monitor, as its callers do, while it waits for the batch in progress to finish: safe because nothing
     * the engine runs takes the monitor (its progress is recorded under {@link FollowerProgress}'s lock).
     */
    private synchronized void stopEngine() {
        if (!engine.running()) {
            return;
        }
        try {
            engine.stop();
            batches.close();
        } catch (Exception e) {
            log.warn("Stopping the follower: {}", e.getMessage());
        }
    }

    private synchronized void releaseLeadership() {
        leadership.release();
    }

    /** Waits until every change the monolith committed so far is in the event store; answers the marker passed. */
    public Drained drain() {
        return drainAndCutOver.drain(() -> state);
    }

    /**
     * Makes the platform the system of record once the operator's parity check passed at {@code checkedAtMarker}:
     * drains again and refuses if the monolith changed any followed row since, then stops following, moves the id
     * sequences above the monolith's, brings over staff accounts created meanwhile, drops the slot and the
     * publication, and opens the command API.
     */
    public synchronized CutOver cutOver(String checkedAtMarker) {
        // holds the monitor through its drain, so no pause, resume or take-over interleaves with the cut-over; the
        // batches the drain waits for need only the progress lock
        Drained now = drainAndCutOver.drainUnchangedSince(checkedAtMarker, () -> state);
        SystemOfRecord.Migration migration = systemOfRecord.current().orElseThrow();
        stopEngine();
        try {
            drainAndCutOver.takeOverFrom(migration);
        } catch (SQLException e) {
            state = State.PAUSED;
            throw new MigrationStateException("taking over from the legacy database failed: " + e.getMessage());
        }
        drainAndCutOver.makePlatformTheSystemOfRecord();
        releaseLeadership();
        drainAndCutOver.forgetCachedAggregates();
        state = State.CUT_OVER;
        return new CutOver(now.marker(), now.position(), clock.instant());
    }

    public Status status() {
        return status.status(state, failure);
    }

    public record Drained(String marker, long position) {
    }

    public record CutOver(String marker, long position, Instant at) {
    }

    /**
     * @param state        idle, following, standby (another instance follows), paused, failed or cut-over
     * @param systemOfRecord which system takes writes: legacy until cut-over
     * @param snapshotAt   the legacy server's time when the slot and the snapshot the import read were taken
     * @param legacyLsn    the legacy server's current WAL position
     * @param confirmedLsn what the slot has confirmed: every change before it is appended
     * @param lagBytes     WAL written by the legacy server past the slot's confirmed position
     * @param secondsBehind from the legacy commit of the last change followed to its events being appended
     */
    public record Status(String state, String systemOfRecord, String slot, String snapshotLsn, Instant snapshotAt,
                         String legacyLsn, String confirmedLsn, Long lagBytes,
                         Double secondsBehind, Instant lastLegacyCommit, long eventsAppended, double eventsPerSecond,
                         long rowChanges, long redeliveriesSkipped, String failure) {
    }
}
