package dev.pagila.command.migration;

import org.postgresql.PGConnection;
import org.postgresql.PGProperty;
import org.postgresql.replication.ReplicationSlotInfo;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Properties;

/**
 * The legacy database's side of following it: a publication of the tables the platform migrates and a logical
 * replication slot (pgoutput) created together with an exported snapshot. The import reads that snapshot, so
 * the slot's stream starts exactly where the imported state ends: nothing committed in between is lost or
 * doubled. The replication connection must stay open and idle until the import has taken the snapshot.
 */
public final class ReplicationSlot implements AutoCloseable {

    /** The tables whose changes become events; their rows are what the import reads. */
    public static final List<String> FOLLOWED_TABLES = List.of("language", "actor", "category", "film", "film_actor",
            "film_category", "address", "store", "staff", "customer", "inventory", "rental", "payment");

    private final Connection replication;
    private final ReplicationSlotInfo slot;
    private final Instant takenAt;

    private ReplicationSlot(Connection replication, ReplicationSlotInfo slot, Instant takenAt) {
        this.replication = replication;
        this.slot = slot;
        this.takenAt = takenAt;
    }

    /**
     * Creates the publication (payments are partitioned: published under their root table) and the slot. Both
     * must be new: an existing slot's snapshot is gone, so an import could no longer be aligned with it.
     */
    public static ReplicationSlot create(MigrationProperties.Source source, String slotName, String publication) throws SQLException {
        Instant takenAt;
        try (Connection connection = source.connect();
             Statement statement = connection.createStatement()) {
            try (var existing = statement.executeQuery("SELECT 1 FROM pg_replication_slots WHERE slot_name = '"
                    + slotName.replace("'", "''") + "'")) {
                if (existing.next()) {
                    throw new IllegalStateException("replication slot " + slotName + " already exists in the legacy database;"
                            + " an import can only start with a new one (drop it, and start from an empty event store)");
                }
            }
            statement.execute("DROP PUBLICATION IF EXISTS " + identifier(publication));
            statement.execute("CREATE PUBLICATION " + identifier(publication) + " FOR TABLE "
                    + String.join(", ", FOLLOWED_TABLES.stream().map(table -> "public." + table).toList())
                    + " WITH (publish_via_partition_root = true)");
            try (var now = statement.executeQuery("SELECT clock_timestamp()")) {
                now.next();
                takenAt = now.getObject(1, java.time.OffsetDateTime.class).toInstant();
            }
        }
        Properties properties = new Properties();
        PGProperty.USER.set(properties, source.user());
        if (source.password() != null) {
            PGProperty.PASSWORD.set(properties, source.password());
        }
        PGProperty.ASSUME_MIN_SERVER_VERSION.set(properties, "10");
        PGProperty.REPLICATION.set(properties, "database");
        PGProperty.PREFER_QUERY_MODE.set(properties, "simple");
        Connection replication = DriverManager.getConnection(source.url(), properties);
        try {
            ReplicationSlotInfo slot = replication.unwrap(PGConnection.class).getReplicationAPI()
                    .createReplicationSlot().logical().withSlotName(slotName).withOutputPlugin("pgoutput").make();
            return new ReplicationSlot(replication, slot, takenAt);
        } catch (SQLException | RuntimeException e) {
            replication.close();
            throw e;
        }
    }

    /** The exported snapshot, for {@code SET TRANSACTION SNAPSHOT} in a repeatable-read transaction. */
    public String snapshotName() {
        return slot.getSnapshotName();
    }

    /** Where the slot's stream starts: the first change the import does not see. */
    public String consistentPoint() {
        return slot.getConsistentPoint().asString();
    }

    /** The legacy server's time just before the slot was created: rows it changed later are not in the snapshot. */
    public Instant takenAt() {
        return takenAt;
    }

    /** Drops the slot and the publication: after cut-over nothing follows, and a kept slot would hold WAL forever. */
    public static void drop(MigrationProperties.Source source, String slotName, String publication) throws SQLException {
        try (Connection connection = source.connect();
             Statement statement = connection.createStatement()) {
            statement.execute("SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = '"
                    + slotName.replace("'", "''") + "'");
            statement.execute("DROP PUBLICATION IF EXISTS " + identifier(publication));
        }
    }

    static String identifier(String name) {
        if (!name.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("not a plain PostgreSQL name: " + name);
        }
        return name;
    }

    @Override
    public void close() throws SQLException {
        replication.close();
    }
}
