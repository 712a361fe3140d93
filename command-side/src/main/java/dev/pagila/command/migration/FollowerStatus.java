package dev.pagila.command.migration;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/**
 * What operators see of the follower: its status ({@code GET /api/migration}, {@code pagila migrate status}) and the
 * metrics {@code pagila.migration.lag.bytes}, {@code pagila.migration.lag.seconds} and
 * {@code pagila.migration.events.appended}. Reads the follower's progress, the system of record and the slot's
 * position in the legacy database; changes nothing.
 */
@Component
final class FollowerStatus {

    private final MigrationProperties properties;
    private final SystemOfRecord systemOfRecord;
    private final FollowerProgress progress;

    FollowerStatus(MigrationProperties properties, SystemOfRecord systemOfRecord, FollowerProgress progress,
                   MeterRegistry meters) {
        this.properties = properties;
        this.systemOfRecord = systemOfRecord;
        this.progress = progress;
        Gauge.builder("pagila.migration.lag.bytes", this, status -> status.slotPosition(status.systemOfRecord.current())
                        .map(SlotPosition::lagBytes).map(Long::doubleValue).orElse(Double.NaN))
                .description("WAL the legacy database has written that the follower has not confirmed").register(meters);
        Gauge.builder("pagila.migration.lag.seconds", this, status -> status.progress.secondsBehind().orElse(Double.NaN))
                .description("from the legacy commit of the last change followed to its events being appended").register(meters);
        Gauge.builder("pagila.migration.events.appended", this, status -> status.progress.eventsAppended())
                .description("events appended by following the legacy database since this instance started").register(meters);
    }

    /** @param state the follower's state; @param failure why it stopped, if it did */
    LegacyFollower.Status status(LegacyFollower.State state, String failure) {
        var migration = systemOfRecord.current();
        var position = slotPosition(migration);
        FollowerProgress.Totals totals = progress.totals();
        return new LegacyFollower.Status(state.name().toLowerCase().replace('_', '-'),
                migration.map(m -> m.platformIsSystemOfRecord() ? "platform" : "legacy").orElse("platform"),
                migration.map(SystemOfRecord.Migration::slot).orElse(null),
                migration.map(SystemOfRecord.Migration::snapshotLsn).orElse(null),
                migration.map(SystemOfRecord.Migration::snapshotAt).orElse(null),
                position.map(SlotPosition::legacyLsn).orElse(null), position.map(SlotPosition::confirmedLsn).orElse(null),
                position.map(SlotPosition::lagBytes).orElse(null),
                progress.secondsBehind().orElse(null), totals.lastCommittedAt(), totals.eventsAppended(),
                progress.eventsPerSecond(), totals.rowChanges(), totals.redeliveries(), failure);
    }

    /** Where the legacy server's WAL is and what the slot has confirmed of it; empty without a slot or a source. */
    private Optional<SlotPosition> slotPosition(Optional<SystemOfRecord.Migration> migration) {
        if (!properties.source().configured() || migration.isEmpty() || migration.get().platformIsSystemOfRecord()) {
            return Optional.empty();
        }
        try (Connection connection = properties.source().connect();
             PreparedStatement select = connection.prepareStatement("SELECT pg_current_wal_lsn()::text, confirmed_flush_lsn::text,"
                     + " pg_wal_lsn_diff(pg_current_wal_lsn(), confirmed_flush_lsn)::bigint FROM pg_replication_slots WHERE slot_name = ?")) {
            select.setString(1, migration.get().slot());
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? Optional.of(new SlotPosition(row.getString(1), row.getString(2), row.getLong(3)))
                        : Optional.empty();
            }
        } catch (SQLException e) {
            return Optional.empty();
        }
    }

    private record SlotPosition(String legacyLsn, String confirmedLsn, long lagBytes) {
    }
}
