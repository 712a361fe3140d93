package dev.pagila.command.eventstore;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The global position of what a command appended, returned to clients so they can ask the query API to
 * wait for it (read-your-writes). Should another command on the same aggregate append right after, the
 * position returned is that later one, which still covers the caller's own events. Read from the event table:
 * Axon's command result and its domain event messages carry the stream's sequence number, not the global index.
 */
@Component
public class EventPositions {

    private final JdbcTemplate jdbc;

    public EventPositions(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public long lastPositionOf(Object aggregateIdentifier) {
        Long position = jdbc.queryForObject("""
                SELECT global_index FROM events.domain_event_entry
                WHERE aggregate_identifier = ?
                ORDER BY sequence_number DESC LIMIT 1""", Long.class, aggregateIdentifier.toString());
        if (position == null) {
            throw new IllegalStateException("no events stored for " + aggregateIdentifier);
        }
        return position;
    }
}
