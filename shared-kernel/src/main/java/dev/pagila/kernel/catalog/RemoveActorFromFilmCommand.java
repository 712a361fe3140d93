package dev.pagila.kernel.catalog;

import jakarta.validation.constraints.NotNull;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record RemoveActorFromFilmCommand(
        @TargetAggregateIdentifier @NotNull FilmId filmId,
        @NotNull ActorId actorId) {
}
