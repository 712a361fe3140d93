package dev.pagila.command.migration;

import dev.pagila.command.shared.CommandLookups;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.messaging.MetaData;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The current batch's events not yet appended, each given its place in its stream, appended in one call with their
 * lookups: at the batch's end, or earlier whenever a change needs to read the store (which then sees them).
 */
final class PendingEvents {

    private final EventStorageEngine events;
    private final CommandLookups lookups;
    private final StreamEnds ends;
    private final FollowedStreams streams;
    private final List<DomainEventMessage<?>> messages = new ArrayList<>();

    /** @param streams told of every event appended, to remember what later changes need */
    PendingEvents(EventStorageEngine events, CommandLookups lookups, FollowedStreams streams) {
        this.events = events;
        this.lookups = lookups;
        this.ends = new StreamEnds(events);
        this.streams = streams;
    }

    void add(LegacyEvent<?> event, long lsn, String identity) {
        messages.add(new GenericDomainEventMessage<>(event.aggregateType(), event.aggregateId(),
                ends.take(event.aggregateId()), event.payload(), MetaData.with("legacy_lsn", lsn), identity, event.timestamp()));
        streams.appended(event.payload());
    }

    void appendAll() {
        if (messages.isEmpty()) {
            return;
        }
        events.appendEvents(messages);
        lookups.record(messages.stream().<Object>map(DomainEventMessage::getPayload).toList());
        messages.clear();
    }

    /**
     * The next sequence number of each stream the follower appends to, read once and then counted here: while the
     * monolith is the system of record nothing else appends. Bounded; a forgotten stream is read again.
     */
    private static final class StreamEnds {

        private final EventStorageEngine events;
        private final Map<String, Long> next = new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
                return size() > 200_000;
            }
        };

        StreamEnds(EventStorageEngine events) {
            this.events = events;
        }

        long take(String aggregateId) {
            Long sequence = next.get(aggregateId);
            if (sequence == null) {
                sequence = events.lastSequenceNumberFor(aggregateId).map(last -> last + 1).orElse(0L);
            }
            next.put(aggregateId, sequence + 1);
            return sequence;
        }
    }
}
