package dev.pagila.command.migration;

import java.math.BigDecimal;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * One row of a legacy table, its columns read by name: a row the import selects ({@link ResultSetRow}) or a row a
 * followed change carries ({@link StructRow}). {@link LegacyMapping} turns either into events, so the import and
 * the follower cannot read a column differently.
 * <p>
 * The plain getters are for columns that are never NULL; each adapter reads such a NULL as its source always did
 * (JDBC as zero or false, a change as an error). The {@code optional} getters and those documented so answer null.
 */
interface LegacyRow {

    int integer(String column) throws SQLException;

    Integer optionalInteger(String column) throws SQLException;

    boolean bool(String column) throws SQLException;

    /** Null for NULL. */
    String text(String column) throws SQLException;

    /** Null for NULL. */
    BigDecimal decimal(String column) throws SQLException;

    /** A {@code timestamptz}; null for NULL. */
    Instant instant(String column) throws SQLException;

    /** A {@code date}. */
    LocalDate date(String column) throws SQLException;

    /** A {@code text[]}; empty for NULL. */
    List<String> textArray(String column) throws SQLException;
}
