package dev.pagila.kernel.sales;

import dev.pagila.kernel.stores.InventoryId;
import jakarta.validation.constraints.NotNull;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

public record ReturnRentalCommand(
        @TargetAggregateIdentifier @NotNull InventoryId inventoryId,
        @NotNull RentalId rentalId,
        @NotNull Instant returnedAt) {
}
