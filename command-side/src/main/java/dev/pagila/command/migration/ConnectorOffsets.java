package dev.pagila.command.migration;

import org.apache.kafka.connect.runtime.WorkerConfig;
import org.apache.kafka.connect.storage.MemoryOffsetBackingStore;

import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.Set;

/**
 * Debezium's offsets in the platform's PostgreSQL ({@code migration.connector_offset}) instead of a file on one
 * machine, so that any instance can resume following where the last one stopped. Debezium's own JDBC store is
 * not published for this release; this one keeps to the schema Flyway owns. Offsets are written after the
 * events they cover are committed: a crash in between redelivers changes whose events are already stored, and
 * their deterministic identities make that harmless.
 */
public class ConnectorOffsets extends MemoryOffsetBackingStore {

    static final String URL = "offset.storage.pagila.url";
    static final String USER = "offset.storage.pagila.user";
    static final String PASSWORD = "offset.storage.pagila.password";

    private String url;
    private String user;
    private String password;

    @Override
    public void configure(WorkerConfig config) {
        super.configure(config);
        url = (String) config.originals().get(URL);
        user = (String) config.originals().get(USER);
        password = (String) config.originals().get(PASSWORD);
    }

    @Override
    public synchronized void start() {
        super.start();
        try (Connection connection = DriverManager.getConnection(url, user, password);
             PreparedStatement select = connection.prepareStatement("SELECT offset_key, offset_value FROM migration.connector_offset");
             ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                byte[] value = rows.getBytes(2);
                data.put(ByteBuffer.wrap(rows.getBytes(1)), value == null ? null : ByteBuffer.wrap(value));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading the connector's offsets failed: " + e.getMessage(), e);
        }
    }

    @Override
    protected void save() {
        try (Connection connection = DriverManager.getConnection(url, user, password);
             PreparedStatement upsert = connection.prepareStatement("INSERT INTO migration.connector_offset (offset_key, offset_value)"
                     + " VALUES (?, ?) ON CONFLICT (offset_key) DO UPDATE SET offset_value = EXCLUDED.offset_value")) {
            connection.setAutoCommit(false);
            for (Map.Entry<ByteBuffer, ByteBuffer> entry : data.entrySet()) {
                upsert.setBytes(1, bytes(entry.getKey()));
                upsert.setBytes(2, entry.getValue() == null ? null : bytes(entry.getValue()));
                upsert.addBatch();
            }
            upsert.executeBatch();
            connection.commit();
        } catch (SQLException e) {
            throw new IllegalStateException("storing the connector's offsets failed: " + e.getMessage(), e);
        }
    }

    @Override
    public Set<Map<String, Object>> connectorPartitions(String connectorName) {
        return Set.of(); // asked only by Kafka Connect's REST API, which the embedded engine does not run
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }
}
