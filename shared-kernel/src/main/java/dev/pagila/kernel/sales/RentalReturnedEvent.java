package dev.pagila.kernel.sales;

import dev.pagila.kernel.catalog.FilmId;
import dev.pagila.kernel.customers.CustomerId;
import dev.pagila.kernel.money.Money;
import dev.pagila.kernel.stores.InventoryId;
import dev.pagila.kernel.stores.StoreId;
import org.axonframework.serialization.Revision;

import java.time.Instant;

@Revision("1")
public record RentalReturnedEvent(
        RentalId rentalId,
        InventoryId inventoryId,
        FilmId filmId,
        StoreId storeId,
        CustomerId customerId,
        Instant rentedAt,
        Instant returnedAt,
        int lateDays,
        Money lateFee) {
}
