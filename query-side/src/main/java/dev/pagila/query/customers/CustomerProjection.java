package dev.pagila.query.customers;

import dev.pagila.infra.redis.CacheKeys;
import dev.pagila.kernel.customers.CustomerDeactivatedEvent;
import dev.pagila.kernel.customers.CustomerDetailsChangedEvent;
import dev.pagila.kernel.customers.CustomerReactivatedEvent;
import dev.pagila.kernel.customers.CustomerRegisteredEvent;
import dev.pagila.query.cache.VersionedCache;
import dev.pagila.query.projection.ProjectionOutcomes;
import dev.pagila.query.projection.ReplayRequest;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.TrackingToken;
import org.springframework.stereotype.Component;

/** Projects customers; each item is written from its own stream only, so the group runs in several segments. */
@Component
@ProcessingGroup(CustomerProjection.PROCESSING_GROUP)
public class CustomerProjection {

    public static final String PROCESSING_GROUP = "customers";

    private final CustomerTable customers;
    private final VersionedCache cache;
    private final ProjectionOutcomes outcomes;

    public CustomerProjection(CustomerTable customers, VersionedCache cache, MeterRegistry meters) {
        this.customers = customers;
        this.cache = cache;
        this.outcomes = new ProjectionOutcomes(meters, PROCESSING_GROUP);
    }

    @EventHandler
    public void on(CustomerRegisteredEvent event, TrackingToken token) {
        outcomes.count(customers.writeCustomer(event.customerId().value(), event.storeId().value(), event.firstName(),
                event.lastName(), event.email(), event.address(), event.active(), outcomes.positionOf(token)));
        changed();
    }

    @EventHandler
    public void on(CustomerDetailsChangedEvent event, TrackingToken token) {
        outcomes.count(customers.writeCustomer(event.customerId().value(), event.storeId().value(), event.firstName(),
                event.lastName(), event.email(), event.address(), null, outcomes.positionOf(token)));
        changed();
    }

    @EventHandler
    public void on(CustomerDeactivatedEvent event, TrackingToken token) {
        outcomes.count(customers.setActive(event.customerId().value(), false, outcomes.positionOf(token)));
        changed();
    }

    @EventHandler
    public void on(CustomerReactivatedEvent event, TrackingToken token) {
        outcomes.count(customers.setActive(event.customerId().value(), true, outcomes.positionOf(token)));
        changed();
    }

    private void changed() {
        cache.invalidate(CacheKeys.generationOf(CacheKeys.PEOPLE));
        // the rewards report shows customers' names
        cache.invalidate(CacheKeys.generationOf(CacheKeys.SALES));
    }

    /** A replay from the first event starts from an empty slate: this group's items and every cached answer go. */
    @ResetHandler
    public void onReset(ReplayRequest request) {
        if (request.fromTheStart()) {
            customers.clear();
        }
        cache.flush();
    }
}
