package dev.pagila.command.migration;

import org.apache.kafka.connect.data.Struct;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * A row as a followed change carries it (Debezium's {@code before} or {@code after}), read by field name. The
 * connector passes {@code numeric} and {@code timestamptz} as text and a {@code date} as days since the epoch.
 */
final class StructRow implements LegacyRow {

    private final Struct row;

    private StructRow(Struct row) {
        this.row = row;
    }

    /** Null for a change without that row (no {@code before} of an insert, no {@code after} of a deletion). */
    static StructRow of(Struct row) {
        return row == null ? null : new StructRow(row);
    }

    @Override
    public int integer(String column) {
        return ((Number) row.get(column)).intValue();
    }

    @Override
    public Integer optionalInteger(String column) {
        Object value = row.get(column);
        return value == null ? null : ((Number) value).intValue();
    }

    @Override
    public boolean bool(String column) {
        return row.getBoolean(column);
    }

    @Override
    public String text(String column) {
        return row.getString(column);
    }

    @Override
    public BigDecimal decimal(String column) {
        String value = row.getString(column);
        return value == null ? null : new BigDecimal(value);
    }

    @Override
    public Instant instant(String column) {
        String value = row.getString(column);
        return value == null ? null : OffsetDateTime.parse(value).toInstant();
    }

    @Override
    public LocalDate date(String column) {
        return LocalDate.ofEpochDay(integer(column));
    }

    @Override
    public List<String> textArray(String column) {
        List<String> values = row.getArray(column);
        return values == null ? List.of() : values;
    }
}
