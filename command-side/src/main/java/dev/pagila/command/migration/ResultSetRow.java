package dev.pagila.command.migration;

import java.math.BigDecimal;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;

/** The current row of a JDBC result, read by column label: what the import selects (see {@link LegacyRow}). */
final class ResultSetRow implements LegacyRow {

    private final ResultSet rows;

    /** A view of whichever row {@code rows} is on: one view serves a whole result. */
    ResultSetRow(ResultSet rows) {
        this.rows = rows;
    }

    @Override
    public int integer(String column) throws SQLException {
        return rows.getInt(column);
    }

    @Override
    public Integer optionalInteger(String column) throws SQLException {
        int value = rows.getInt(column);
        return rows.wasNull() ? null : value;
    }

    @Override
    public boolean bool(String column) throws SQLException {
        return rows.getBoolean(column);
    }

    @Override
    public String text(String column) throws SQLException {
        return rows.getString(column);
    }

    @Override
    public BigDecimal decimal(String column) throws SQLException {
        return rows.getBigDecimal(column);
    }

    @Override
    public Instant instant(String column) throws SQLException {
        OffsetDateTime value = rows.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    @Override
    public LocalDate date(String column) throws SQLException {
        return rows.getObject(column, LocalDate.class);
    }

    @Override
    public List<String> textArray(String column) throws SQLException {
        Array array = rows.getArray(column);
        return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
    }
}
