package dev.pagila.command.migration;

import java.time.Instant;

/**
 * An event a legacy row yields, before it is given its place in its stream: the stream's aggregate type and id, and
 * when it happened (the legacy timestamp). The import numbers these into {@link HistoricEvent}s; the follower appends
 * them.
 */
record LegacyEvent<P>(String aggregateType, String aggregateId, Instant timestamp, P payload) {

    /** Another event of the same stream at the same moment. */
    <Q> LegacyEvent<Q> with(Q other) {
        return new LegacyEvent<>(aggregateType, aggregateId, timestamp, other);
    }
}
