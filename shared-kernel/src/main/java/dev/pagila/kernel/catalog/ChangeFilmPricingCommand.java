package dev.pagila.kernel.catalog;

import dev.pagila.kernel.money.Money;
import dev.pagila.kernel.money.NotNegative;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Rental duration (days), rental rate and replacement cost change together: they are one price list entry. */
public record ChangeFilmPricingCommand(
        @TargetAggregateIdentifier @NotNull FilmId filmId,
        @NotNull @Min(1) @Max(365) Integer rentalDuration,
        @NotNull @NotNegative Money rentalRate,
        @NotNull @NotNegative Money replacementCost) {
}
