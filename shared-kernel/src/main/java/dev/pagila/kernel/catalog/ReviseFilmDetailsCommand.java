package dev.pagila.kernel.catalog;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Replaces every descriptive field of a film at once, as Pagila's {@code UPDATE film} does. */
public record ReviseFilmDetailsCommand(
        @TargetAggregateIdentifier @NotNull FilmId filmId,
        @NotNull @Valid FilmDetails details) {
}
