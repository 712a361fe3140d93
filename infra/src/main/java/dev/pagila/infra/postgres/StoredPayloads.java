package dev.pagila.infra.postgres;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import javax.sql.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;

/**
 * Reads the stored payloads of some event types in stream order, for what must be computed from history before
 * the events can be read (an upcaster's context). Straight from the event table because Axon's storage engine
 * offers the whole stream or one aggregate's, never the events of a few types.
 */
public final class StoredPayloads {

    @FunctionalInterface
    public interface Reader {
        void accept(String payloadType, String revision, JsonNode payload);
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private StoredPayloads() {
    }

    public static void inStreamOrder(DataSource events, Collection<String> payloadTypes, Reader reader) {
        List<String> types = List.copyOf(payloadTypes);
        String placeholders = String.join(",", types.stream().map(type -> "?").toList());
        try (Connection connection = events.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false); // lets the driver stream the rows with a cursor
            try (PreparedStatement statement = connection.prepareStatement("SELECT payload_type, payload_revision,"
                    + " convert_from(payload, 'UTF8') FROM events.domain_event_entry WHERE payload_type IN (" + placeholders
                    + ") ORDER BY global_index")) {
                statement.setFetchSize(5_000);
                for (int i = 0; i < types.size(); i++) {
                    statement.setString(i + 1, types.get(i));
                }
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        reader.accept(rows.getString(1), rows.getString(2), JSON.readTree(rows.getString(3)));
                    }
                }
            } finally {
                connection.rollback();
                connection.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading stored events failed: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
