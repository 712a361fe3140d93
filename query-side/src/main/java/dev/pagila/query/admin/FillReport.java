package dev.pagila.query.admin;

import java.time.Instant;
import java.util.List;

/**
 * A bulk fill as an operator sees it.
 *
 * @param position      the last event applied
 * @param eventsApplied handler calls that changed the read model
 * @param itemsWritten  item writes, over every write-out
 * @param requests      DynamoDB requests, reads of items written out early included
 */
public record FillReport(String table, List<String> groups, String state, Instant startedAt, Instant reportedAt, long position,
                         long eventsApplied, long itemsWritten, long requests) {
}
