package dev.pagila.kernel.catalog;

import org.axonframework.serialization.Revision;

@Revision("1")
public record ActorCastEvent(
        FilmId filmId,
        ActorId actorId) {
}
