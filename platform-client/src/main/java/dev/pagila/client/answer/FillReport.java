package dev.pagila.client.answer;

import java.time.Instant;
import java.util.List;

/**
 * A bulk fill of a Films table (at a start without tokens, or a rebuild's): where it got to, how long it took, and
 * what it cost in item writes and DynamoDB requests.
 */
public record FillReport(String table, List<String> groups, String state, Instant startedAt, Instant reportedAt, long position,
                         long eventsApplied, long itemsWritten, long requests) {

    public FillReport {
        groups = groups == null ? List.of() : groups;
    }
}
