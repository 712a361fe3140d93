package dev.pagila.kernel.stores;

import dev.pagila.kernel.catalog.FilmId;
import org.axonframework.serialization.Revision;

@Revision("1")
public record CopyRetiredEvent(
        InventoryId inventoryId,
        FilmId filmId,
        StoreId storeId) {
}
