package dev.pagila.command.migration;

import java.time.Instant;

/**
 * One fact of the legacy database as an event of a stream, with the sequence number it has there. Streams
 * are generated in a fixed order, so the same history always yields the same numbers: that is what makes an
 * import safe to repeat and to resume.
 */
record HistoricEvent(String aggregateType, String aggregateId, long sequence, Instant timestamp, Object payload) {
}
