package dev.pagila.kernel.stores;

import dev.pagila.kernel.catalog.FilmId;
import jakarta.validation.constraints.NotNull;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record AddCopyToInventoryCommand(
        @TargetAggregateIdentifier @NotNull InventoryId inventoryId,
        @NotNull FilmId filmId,
        @NotNull StoreId storeId) {
}
