package dev.pagila.kernel.sales;

import dev.pagila.kernel.catalog.FilmId;
import dev.pagila.kernel.customers.CustomerId;
import dev.pagila.kernel.money.Money;
import dev.pagila.kernel.stores.InventoryId;
import dev.pagila.kernel.stores.StaffId;
import dev.pagila.kernel.stores.StoreId;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/**
 * A copy went out. Lives in the copy's stream; carries the film and store so readers need not look them up, and
 * the terms the customer rented on (the film's rate and rental duration at that moment): a later price change
 * never reprices it. Revision 1 had no terms; {@link FilmRentedEventUpcaster} gives those the terms in force at
 * their place in the stream.
 */
@Revision("2")
public record FilmRentedEvent(
        RentalId rentalId,
        InventoryId inventoryId,
        FilmId filmId,
        StoreId storeId,
        CustomerId customerId,
        StaffId staffId,
        Instant rentedAt,
        Instant dueAt,
        Money rentalRate,
        int rentalDuration) {
}
