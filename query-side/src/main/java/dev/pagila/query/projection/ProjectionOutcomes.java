package dev.pagila.query.projection;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.eventhandling.TrackingToken;

/**
 * Counts what a projection's writes did: applied, or already applied (a redelivery or replay that changed
 * nothing). Exposed as {@code pagila.projection.events{group,outcome}}.
 */
public final class ProjectionOutcomes {

    private final String group;
    private final Counter applied;
    private final Counter alreadyApplied;

    public ProjectionOutcomes(MeterRegistry meters, String group) {
        this.group = group;
        this.applied = counter(meters, group, "applied");
        this.alreadyApplied = counter(meters, group, "already-applied");
    }

    private static Counter counter(MeterRegistry meters, String group, String outcome) {
        return Counter.builder("pagila.projection.events")
                .description("events handled by a projection; already-applied ones were redelivered and changed nothing")
                .tag("group", group)
                .tag("outcome", outcome)
                .register(meters);
    }

    public void count(int appliedEvents, int alreadyAppliedEvents) {
        applied.increment(appliedEvents);
        alreadyApplied.increment(alreadyAppliedEvents);
    }

    /** The global position of the event being handled; every projection write is conditional on it. */
    public long positionOf(TrackingToken token) {
        return token.position().orElseThrow(() ->
                new IllegalStateException("the " + group + " projection needs positioned events, got " + token));
    }
}
