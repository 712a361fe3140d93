package dev.pagila.command.migration;

import dev.pagila.command.web.CommandGate;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * Which system takes writes. While a live migration follows the monolith, the monolith is the system of record
 * and the command API refuses commands for the migrated contexts: two writers of one history would diverge.
 * Read from the database so that every instance agrees; once the platform is the system of record it stays so
 * and is never read again, while the monolith is, it is read at most once a second per instance.
 */
@Component
public class SystemOfRecord implements CommandGate {

    private static final long RECHECK_MILLIS = 1_000;

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private volatile boolean platform;
    private volatile long checkedAt = 0;

    public SystemOfRecord(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** @throws LegacyIsSystemOfRecordException while the monolith is still the system of record */
    @Override
    public void requireOpen() {
        if (platform) {
            return;
        }
        long now = clock.millis();
        if (now - checkedAt < RECHECK_MILLIS) {
            throw new LegacyIsSystemOfRecordException();
        }
        Optional<Migration> migration = current();
        checkedAt = now;
        if (migration.isEmpty() || migration.get().platformIsSystemOfRecord()) {
            platform = true;
            return;
        }
        throw new LegacyIsSystemOfRecordException();
    }

    /** The live migration, if this event store was imported to follow a monolith. */
    public Optional<Migration> current() {
        return jdbc.query("SELECT system, slot_name, publication, snapshot_lsn, snapshot_at, cut_over_at"
                        + " FROM migration.system_of_record WHERE id = 1",
                (row, n) -> new Migration(row.getString(1).equals("platform"), row.getString(2), row.getString(3),
                        row.getString(4), row.getTimestamp(5).toInstant(),
                        row.getTimestamp(6) == null ? null : row.getTimestamp(6).toInstant())).stream().findFirst();
    }

    /** Recorded by the import that read the slot's snapshot, with the events it appended. */
    void startFollowing(String slot, String publication, String snapshotLsn, Instant snapshotAt) {
        jdbc.update("INSERT INTO migration.system_of_record (id, system, slot_name, publication, snapshot_lsn, snapshot_at)"
                + " VALUES (1, 'legacy', ?, ?, ?, ?)", slot, publication, snapshotLsn, java.sql.Timestamp.from(snapshotAt));
        platform = false;
        checkedAt = 0;
    }

    void cutOver() {
        jdbc.update("UPDATE migration.system_of_record SET system = 'platform', cut_over_at = ? WHERE id = 1",
                java.sql.Timestamp.from(clock.instant()));
        platform = true;
    }

    public record Migration(boolean platformIsSystemOfRecord, String slot, String publication, String snapshotLsn,
                            Instant snapshotAt, Instant cutOverAt) {
    }
}
