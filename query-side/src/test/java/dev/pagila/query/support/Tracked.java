package dev.pagila.query.support;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.GenericTrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;

import java.util.List;

/** Events and tokens as a processor hands them to a projection, at the stream positions a test chooses. */
public final class Tracked {

    private Tracked() {
    }

    public static TrackingToken at(long position) {
        return GapAwareTrackingToken.newInstance(position, List.of());
    }

    public static EventMessage<?> event(Object payload, long position) {
        return new GenericTrackedEventMessage<>(at(position), GenericEventMessage.asEventMessage(payload));
    }
}
