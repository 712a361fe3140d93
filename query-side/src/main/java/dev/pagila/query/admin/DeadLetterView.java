package dev.pagila.query.admin;

import java.time.Instant;

/** An event a projection gave up on, parked until an operator retries or evicts it. */
public record DeadLetterView(String id, String group, String sequence, long sequenceIndex, String eventId,
                             String eventType, Instant eventTime, String causeType, String causeMessage,
                             Instant enqueuedAt, Instant lastTouched) {
}
