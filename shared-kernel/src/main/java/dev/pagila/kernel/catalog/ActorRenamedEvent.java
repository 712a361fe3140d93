package dev.pagila.kernel.catalog;

import org.axonframework.serialization.Revision;

@Revision("1")
public record ActorRenamedEvent(
        ActorId actorId,
        String firstName,
        String lastName) {
}
