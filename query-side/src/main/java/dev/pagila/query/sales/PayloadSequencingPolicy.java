package dev.pagila.query.sales;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.async.SequencingPolicy;
import org.axonframework.eventhandling.async.SequentialPerAggregatePolicy;
import org.axonframework.serialization.SerializationException;

/**
 * Sequences the events it knows by a key read from their payload, and everything else by aggregate. An event whose
 * payload cannot be read goes by its aggregate too: its handler then fails on it and the dead-letter queue parks it,
 * where a policy that let the error through would stop the whole processor on one bad event.
 */
abstract class PayloadSequencingPolicy implements SequencingPolicy<EventMessage<?>> {

    private final SequencingPolicy<EventMessage> byAggregate = SequentialPerAggregatePolicy.instance();

    @Override
    public final Object getSequenceIdentifierFor(EventMessage<?> event) {
        // the payload type is known without reading the payload; every event the group does not handle passes here
        if (sequencesByPayload(event.getPayloadType())) {
            try {
                return sequenceOf(event.getPayload());
            } catch (SerializationException unreadable) {
                return byAggregate.getSequenceIdentifierFor(event);
            }
        }
        return byAggregate.getSequenceIdentifierFor(event);
    }

    protected abstract boolean sequencesByPayload(Class<?> payloadType);

    protected abstract Object sequenceOf(Object payload);
}
