package dev.pagila.kernel.catalog;

import dev.pagila.kernel.money.Money;
import org.axonframework.serialization.Revision;

@Revision("1")
public record FilmPricingChangedEvent(
        FilmId filmId,
        int rentalDuration,
        Money rentalRate,
        Money replacementCost) {
}
