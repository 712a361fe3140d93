package dev.pagila.query.inventory;

import dev.pagila.infra.redis.CacheKeys;
import dev.pagila.kernel.sales.FilmRentedEvent;
import dev.pagila.kernel.sales.RentalReturnedEvent;
import dev.pagila.kernel.stores.CopyAddedToInventoryEvent;
import dev.pagila.kernel.stores.CopyRetiredEvent;
import dev.pagila.kernel.stores.StaffHiredEvent;
import dev.pagila.kernel.stores.StoreOpenedEvent;
import dev.pagila.query.cache.VersionedCache;
import dev.pagila.query.projection.ProjectionOutcomes;
import dev.pagila.query.projection.ReplayRequest;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.TrackingToken;
import org.springframework.stereotype.Component;

/**
 * Projects stores, staff and copies, with what is on the shelf. Each item is written only from one stream
 * (a copy's rentals and returns live in the copy's stream), so this group runs in several segments; after each
 * write it retires the cached answers of the film whose stock changed.
 */
@Component
@ProcessingGroup(InventoryProjection.PROCESSING_GROUP)
public class InventoryProjection {

    public static final String PROCESSING_GROUP = "inventory";

    private final InventoryTable inventory;
    private final VersionedCache cache;
    private final ProjectionOutcomes outcomes;

    public InventoryProjection(InventoryTable inventory, VersionedCache cache, MeterRegistry meters) {
        this.inventory = inventory;
        this.cache = cache;
        this.outcomes = new ProjectionOutcomes(meters, PROCESSING_GROUP);
    }

    @EventHandler
    public void on(CopyAddedToInventoryEvent event, TrackingToken token) {
        outcomes.count(inventory.addCopy(event.inventoryId().value(), event.filmId().value(), event.storeId().value(),
                outcomes.positionOf(token)));
        cache.invalidate(VersionedCache.Slot.film(event.filmId().value()));
    }

    @EventHandler
    public void on(CopyRetiredEvent event, TrackingToken token) {
        outcomes.count(inventory.retireCopy(event.inventoryId().value(), event.filmId().value(), outcomes.positionOf(token)));
        cache.invalidate(VersionedCache.Slot.film(event.filmId().value()));
    }

    @EventHandler
    public void on(FilmRentedEvent event, TrackingToken token) {
        outcomes.count(inventory.rentOut(event.inventoryId().value(), event.filmId().value(), event.rentalId().value(),
                event.customerId().value(), outcomes.positionOf(token)));
        cache.invalidate(VersionedCache.Slot.film(event.filmId().value()));
    }

    @EventHandler
    public void on(RentalReturnedEvent event, TrackingToken token) {
        outcomes.count(inventory.takeBack(event.inventoryId().value(), event.filmId().value(), event.rentalId().value(),
                outcomes.positionOf(token)));
        cache.invalidate(VersionedCache.Slot.film(event.filmId().value()));
    }

    @EventHandler
    public void on(StoreOpenedEvent event, TrackingToken token) {
        outcomes.count(inventory.writeStore(event.storeId().value(), event.managerStaffId().value(), event.address(),
                outcomes.positionOf(token)));
        cache.invalidate(CacheKeys.generationOf(CacheKeys.PEOPLE));
        cache.invalidate(CacheKeys.generationOf(CacheKeys.SALES));
    }

    @EventHandler
    public void on(StaffHiredEvent event, TrackingToken token) {
        outcomes.count(inventory.writeStaff(event.staffId().value(), event.firstName(), event.lastName(), event.address(),
                event.email(), event.storeId().value(), event.username(), event.active(), outcomes.positionOf(token)));
        cache.invalidate(CacheKeys.generationOf(CacheKeys.PEOPLE));
        cache.invalidate(CacheKeys.generationOf(CacheKeys.SALES));
    }

    /** A replay from the first event starts from an empty slate: this group's items and every cached answer go. */
    @ResetHandler
    public void onReset(ReplayRequest request) {
        if (request.fromTheStart()) {
            inventory.clear();
        }
        cache.flush();
    }
}
