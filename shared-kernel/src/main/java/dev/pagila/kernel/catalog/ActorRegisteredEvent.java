package dev.pagila.kernel.catalog;

import org.axonframework.serialization.Revision;

@Revision("1")
public record ActorRegisteredEvent(
        ActorId actorId,
        String firstName,
        String lastName) {
}
