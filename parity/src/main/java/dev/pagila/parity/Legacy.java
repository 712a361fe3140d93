package dev.pagila.parity;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** The legacy Pagila database, read over one JDBC connection by the thread that runs the checks. */
final class Legacy implements AutoCloseable {

    @FunctionalInterface
    interface Rows<T> {
        T read(ResultSet row) throws SQLException;
    }

    private final Connection connection;

    private Legacy(Connection connection) {
        this.connection = connection;
    }

    static Legacy connect(ParitySettings settings) {
        try {
            Connection connection = DriverManager.getConnection(settings.legacyUrl(), settings.legacyUser(),
                    settings.legacyPassword());
            connection.setReadOnly(true);
            return new Legacy(connection);
        } catch (SQLException e) {
            throw new ParityException("the legacy database at " + settings.legacyUrl() + " is unreachable: " + e.getMessage(), e);
        }
    }

    /** Runs a query; instants bind as timestamptz and zones as their ids. */
    <T> List<T> list(String sql, Rows<T> rows, Object... parameters) {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                Object parameter = parameters[i];
                if (parameter instanceof Instant instant) {
                    parameter = OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
                } else if (parameter instanceof ZoneId zone) {
                    parameter = zone.getId();
                }
                statement.setObject(i + 1, parameter);
            }
            List<T> result = new ArrayList<>();
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    result.add(rows.read(row));
                }
            }
            return result;
        } catch (SQLException e) {
            throw new ParityException("the legacy query failed (is this a Pagila database?): " + e.getMessage() + "\n" + sql, e);
        }
    }

    static Instant instant(ResultSet row, String column) throws SQLException {
        OffsetDateTime value = row.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    static Integer integer(ResultSet row, String column) throws SQLException {
        int value = row.getInt(column);
        return row.wasNull() ? null : value;
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // nothing was written; a failing close loses nothing
        }
    }
}
