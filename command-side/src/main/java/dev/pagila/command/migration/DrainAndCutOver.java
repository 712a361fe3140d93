package dev.pagila.command.migration;

import org.axonframework.common.caching.Cache;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.springframework.stereotype.Component;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The steps of draining and of cutting over. A drain writes a marker into the legacy WAL
 * ({@code pg_logical_emit_message}) and waits until the follower has passed it: every change committed before it has
 * then been appended. Cut-over drains twice around the operator's parity check and refuses if any row changed in
 * between; then the platform takes over from the monolith. {@link LegacyFollower} runs the cut-over's steps in order,
 * holding its monitor, and keeps the state they lead to.
 */
@Component
final class DrainAndCutOver {

    static final String MARKER_PREFIX = "pagila-platform";

    private final MigrationProperties properties;
    private final SystemOfRecord systemOfRecord;
    private final PagilaImporter importer;
    private final EventStorageEngine events;
    private final List<Cache> aggregateCaches;
    private final FollowerProgress progress;

    DrainAndCutOver(MigrationProperties properties, SystemOfRecord systemOfRecord, PagilaImporter importer,
                    EventStorageEngine events, List<Cache> aggregateCaches, FollowerProgress progress) {
        this.properties = properties;
        this.systemOfRecord = systemOfRecord;
        this.importer = importer;
        this.events = events;
        this.aggregateCaches = aggregateCaches;
        this.progress = progress;
    }

    /**
     * Writes a marker into the legacy WAL and waits until the follower has passed it: every change the monolith
     * committed before the marker is then in the event store.
     *
     * @param state the follower's state, read again while waiting: a drain needs the follower following
     */
    LegacyFollower.Drained drain(Supplier<LegacyFollower.State> state) {
        if (state.get() != LegacyFollower.State.FOLLOWING) {
            throw new MigrationStateException("a drain needs the follower running (" + name(state.get()) + ")"
                    + (state.get() == LegacyFollower.State.STANDBY ? ": another instance follows, ask it" : ""));
        }
        String marker = UUID.randomUUID().toString();
        try (Connection connection = properties.source().connect();
             PreparedStatement emit = connection.prepareStatement("SELECT pg_logical_emit_message(true, ?, ?)")) {
            emit.setString(1, MARKER_PREFIX);
            emit.setString(2, marker);
            emit.execute();
        } catch (SQLException e) {
            throw new MigrationStateException("writing a marker into the legacy database failed: " + e.getMessage());
        }
        boolean passed;
        try {
            passed = progress.awaitMarker(marker, properties.drainTimeout(), () -> state.get() == LegacyFollower.State.FOLLOWING);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MigrationStateException("interrupted while draining");
        }
        if (!passed) {
            throw new MigrationStateException("the follower did not reach the drain marker within "
                    + properties.drainTimeout().toSeconds() + " s (" + name(state.get()) + ")");
        }
        return new LegacyFollower.Drained(marker, headPosition());
    }

    /**
     * The drain a cut-over is made at: refuses unless {@code checkedAtMarker} was drained by this instance and the
     * monolith changed no followed row since.
     */
    LegacyFollower.Drained drainUnchangedSince(String checkedAtMarker, Supplier<LegacyFollower.State> state) {
        Long changesAtCheck = progress.rowChangesBefore(checkedAtMarker);
        if (changesAtCheck == null) {
            throw new MigrationStateException("marker " + checkedAtMarker + " was not drained by this instance: drain,"
                    + " check parity, then cut over with the marker the drain answered");
        }
        LegacyFollower.Drained now = drain(state);
        long changedSince = progress.rowChangesBefore(now.marker()) - changesAtCheck;
        if (changedSince != 0) {
            throw new MigrationStateException("the legacy database changed " + changedSince + " row(s) after the parity"
                    + " check: stop its writes, drain and check again");
        }
        return now;
    }

    /**
     * Once the follower has stopped: moves the id sequences above the monolith's, brings over staff accounts created
     * meanwhile (passwords changed and staff who left meanwhile were applied as they were followed), then drops the
     * slot and the publication.
     */
    void takeOverFrom(SystemOfRecord.Migration migration) throws SQLException {
        try (Connection connection = properties.source().connect()) {
            connection.setAutoCommit(false);
            connection.setReadOnly(true);
            importer.takeOverFrom(connection);
            connection.rollback();
            ReplicationSlot.drop(properties.source(), migration.slot(), migration.publication());
        }
    }

    /** Records the platform as the system of record: the command API opens. */
    void makePlatformTheSystemOfRecord() {
        systemOfRecord.cutOver();
    }

    /** Empties the aggregate caches as commands open (nothing was loaded through them while commands were refused). */
    void forgetCachedAggregates() {
        aggregateCaches.forEach(Cache::removeAll);
    }

    /** The position of the last event stored, -1 in an empty store. */
    private long headPosition() {
        TrackingToken head = events.createHeadToken();
        return head == null ? -1 : head.position().orElse(-1);
    }

    private static String name(LegacyFollower.State state) {
        return state.name().toLowerCase();
    }
}
