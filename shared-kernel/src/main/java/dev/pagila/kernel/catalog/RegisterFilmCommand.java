package dev.pagila.kernel.catalog;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record RegisterFilmCommand(
        @TargetAggregateIdentifier @NotNull FilmId filmId,
        @NotNull @Valid FilmDetails details) {
}
