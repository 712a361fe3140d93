package dev.pagila.query.inventory;

import dev.pagila.kernel.sales.FilmRentedEvent;
import dev.pagila.kernel.sales.RentalReturnedEvent;
import dev.pagila.kernel.stores.CopyAddedToInventoryEvent;
import dev.pagila.kernel.stores.CopyRetiredEvent;
import dev.pagila.kernel.stores.StaffHiredEvent;
import dev.pagila.kernel.stores.StoreOpenedEvent;
import dev.pagila.query.cache.CacheKeys;
import dev.pagila.query.cache.VersionedCache;
import dev.pagila.query.catalog.CopyItem;
import dev.pagila.query.projection.ProjectionWriter;
import dev.pagila.query.projection.ProjectionWriters;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.TrackingToken;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * Projects stores, staff and copies, with what is on the shelf, a batch of events at a time (see
 * {@link ProjectionWriter}). Each item is written only from one stream (a copy's rentals and returns live in the
 * copy's stream), so this group runs in several segments; each batch retires the cached answers of the films whose
 * stock changed.
 */
@Component
@ProcessingGroup(InventoryProjection.PROCESSING_GROUP)
public class InventoryProjection {

    public static final String PROCESSING_GROUP = "inventory";
    private static final String PEOPLE = CacheKeys.generationOf(CacheKeys.PEOPLE);
    private static final String SALES = CacheKeys.generationOf(CacheKeys.SALES);

    private final InventoryTable inventory;
    private final VersionedCache cache;
    private final ProjectionWriter writer;

    public InventoryProjection(InventoryTable inventory, VersionedCache cache, ProjectionWriters writers) {
        this.inventory = inventory;
        this.cache = cache;
        this.writer = writers.writerFor(PROCESSING_GROUP, inventory.table());
    }

    @EventHandler
    public void on(CopyAddedToInventoryEvent event, TrackingToken token) {
        int copy = event.inventoryId().value();
        int film = event.filmId().value();
        writer.apply(token, List.of(CopyItem.key(film, copy)), (batch, position) ->
                inventory.addCopy(batch.items(), copy, film, event.storeId().value(), position), filmSlot(film));
    }

    @EventHandler
    public void on(CopyRetiredEvent event, TrackingToken token) {
        int copy = event.inventoryId().value();
        int film = event.filmId().value();
        writer.apply(token, List.of(CopyItem.key(film, copy)), (batch, position) ->
                inventory.retireCopy(batch.items(), copy, film, position), filmSlot(film));
    }

    @EventHandler
    public void on(FilmRentedEvent event, TrackingToken token) {
        int copy = event.inventoryId().value();
        int film = event.filmId().value();
        writer.apply(token, List.of(CopyItem.key(film, copy)), (batch, position) -> inventory.rentOut(batch.items(), copy, film,
                event.rentalId().value(), event.customerId().value(), position), filmSlot(film));
    }

    @EventHandler
    public void on(RentalReturnedEvent event, TrackingToken token) {
        int copy = event.inventoryId().value();
        int film = event.filmId().value();
        writer.apply(token, List.of(CopyItem.key(film, copy)), (batch, position) ->
                inventory.takeBack(batch.items(), copy, film, event.rentalId().value(), position), filmSlot(film));
    }

    /** Stores and staff show in the staff list and name the sales reports' stores. */
    @EventHandler
    public void on(StoreOpenedEvent event, TrackingToken token) {
        int store = event.storeId().value();
        writer.apply(token, List.of(StoreItem.key(store)), (batch, position) -> inventory.writeStore(batch.items(),
                store, event.managerStaffId().value(), event.address(), position), PEOPLE, SALES);
    }

    @EventHandler
    public void on(StaffHiredEvent event, TrackingToken token) {
        int staff = event.staffId().value();
        writer.apply(token, List.of(StaffItem.key(staff)), (batch, position) -> inventory.writeStaff(batch.items(),
                staff, event.firstName(), event.lastName(), event.address(), event.email(), event.storeId().value(),
                event.username(), event.active(), position), PEOPLE, SALES);
    }

    private static String filmSlot(int filmId) {
        return VersionedCache.Slot.film(filmId).generationKey();
    }

    /**
     * A replay from a position or a time keeps the items (each ignores the events it has seen) but not the cached
     * answers. (A replay from the first event is a bulk fill, which clears the group's items itself.)
     */
    @ResetHandler
    public void onReset() {
        cache.flush();
    }
}
