package dev.pagila.kernel.sales;

import dev.pagila.kernel.catalog.FilmId;
import dev.pagila.kernel.customers.CustomerId;
import dev.pagila.kernel.stores.InventoryId;
import dev.pagila.kernel.stores.StaffId;
import dev.pagila.kernel.stores.StoreId;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/** A copy went out. Lives in the copy's stream; carries the film and store so readers need not look them up. */
@Revision("1")
public record FilmRentedEvent(
        RentalId rentalId,
        InventoryId inventoryId,
        FilmId filmId,
        StoreId storeId,
        CustomerId customerId,
        StaffId staffId,
        Instant rentedAt,
        Instant dueAt) {
}
