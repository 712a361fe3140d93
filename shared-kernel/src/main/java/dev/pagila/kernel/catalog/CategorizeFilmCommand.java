package dev.pagila.kernel.catalog;

import jakarta.validation.constraints.NotNull;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record CategorizeFilmCommand(
        @TargetAggregateIdentifier @NotNull FilmId filmId,
        @NotNull CategoryId categoryId) {
}
