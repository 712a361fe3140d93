package dev.pagila.query.table;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;

import java.util.List;

/**
 * The physical Films table queries and projections use, from {@code projections.read_model}; the configured table
 * until a blue/green rebuild switches it. Every instance re-reads the pointer every few seconds, so a switch made
 * on one reaches the others.
 */
public class ActiveTable {

    private final JdbcTemplate jdbc;
    private volatile String current;

    public ActiveTable(JdbcTemplate jdbc, String configuredTable) {
        this.jdbc = jdbc;
        jdbc.update("INSERT INTO projections.read_model (id, active_table) VALUES (1, ?) ON CONFLICT (id) DO NOTHING",
                configuredTable);
        refresh();
    }

    public String current() {
        return current;
    }

    public String previous() {
        List<String> previous = jdbc.queryForList("SELECT previous_table FROM projections.read_model WHERE id = 1", String.class);
        return previous.isEmpty() ? null : previous.get(0);
    }

    /** Makes {@code table} the active one, atomically for every reader of the pointer. */
    public void switchTo(String table) {
        jdbc.update("UPDATE projections.read_model SET previous_table = active_table, active_table = ?, switched_at = now() "
                + "WHERE id = 1", table);
        current = table;
    }

    /** Forgets the previous table once it has been dropped. */
    public void forgetPrevious(String table) {
        jdbc.update("UPDATE projections.read_model SET previous_table = NULL WHERE id = 1 AND previous_table = ?", table);
    }

    @Scheduled(fixedDelayString = "PT5S", initialDelayString = "PT5S")
    public void refresh() {
        try {
            current = jdbc.queryForObject("SELECT active_table FROM projections.read_model WHERE id = 1", String.class);
        } catch (RuntimeException unavailable) {
            // PostgreSQL unreachable: keep serving the table known so far
        }
    }
}
