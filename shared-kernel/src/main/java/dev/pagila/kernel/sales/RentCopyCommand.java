package dev.pagila.kernel.sales;

import dev.pagila.kernel.customers.CustomerId;
import dev.pagila.kernel.stores.InventoryId;
import dev.pagila.kernel.stores.StaffId;
import jakarta.validation.constraints.NotNull;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** Rents a copy; the command targets the copy, whose stream serialises every rental of it. */
public record RentCopyCommand(
        @TargetAggregateIdentifier @NotNull InventoryId inventoryId,
        @NotNull RentalId rentalId,
        @NotNull CustomerId customerId,
        @NotNull StaffId staffId,
        @NotNull Instant rentedAt) {
}
