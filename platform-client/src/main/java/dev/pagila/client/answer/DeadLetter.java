package dev.pagila.client.answer;

import java.time.Instant;

/** An event a projection gave up on ({@code GET /admin/dead-letters}, one item), parked until retried or evicted. */
public record DeadLetter(String id, String group, String sequence, long sequenceIndex, String eventId, String eventType,
                         Instant eventTime, String causeType, String causeMessage, Instant enqueuedAt, Instant lastTouched) {
}
