package dev.pagila.kernel.stores;

import jakarta.validation.constraints.NotNull;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Takes a copy out of the inventory for good; only a copy that is in the store can go. */
public record RetireCopyCommand(
        @TargetAggregateIdentifier @NotNull InventoryId inventoryId) {
}
