package dev.pagila.query.customers;

import dev.pagila.kernel.customers.CustomerDeactivatedEvent;
import dev.pagila.kernel.customers.CustomerDetailsChangedEvent;
import dev.pagila.kernel.customers.CustomerReactivatedEvent;
import dev.pagila.kernel.customers.CustomerRegisteredEvent;
import dev.pagila.query.cache.CacheKeys;
import dev.pagila.query.cache.VersionedCache;
import dev.pagila.query.projection.ProjectionWriter;
import dev.pagila.query.projection.ProjectionWriters;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.TrackingToken;
import org.springframework.stereotype.Component;

import java.util.List;


/**
 * Projects customers, a batch of events at a time (see {@link ProjectionWriter}); each item is written from its own
 * stream only, so the group runs in several segments. Customers show in the customer list and, by name, in the
 * rewards report.
 */
@Component
@ProcessingGroup(CustomerProjection.PROCESSING_GROUP)
public class CustomerProjection {

    public static final String PROCESSING_GROUP = "customers";
    private static final String PEOPLE = CacheKeys.generationOf(CacheKeys.PEOPLE);
    private static final String SALES = CacheKeys.generationOf(CacheKeys.SALES);

    private final CustomerTable customers;
    private final VersionedCache cache;
    private final ProjectionWriter writer;

    public CustomerProjection(CustomerTable customers, VersionedCache cache, ProjectionWriters writers) {
        this.customers = customers;
        this.cache = cache;
        this.writer = writers.writerFor(PROCESSING_GROUP, customers.table());
    }

    @EventHandler
    public void on(CustomerRegisteredEvent event, TrackingToken token) {
        int customer = event.customerId().value();
        writer.apply(token, List.of(CustomerItem.key(customer)), (batch, position) -> customers.writeCustomer(batch.items(), customer,
                event.storeId().value(), event.firstName(), event.lastName(), event.email(), event.address(), event.active(),
                position), PEOPLE, SALES);
    }

    @EventHandler
    public void on(CustomerDetailsChangedEvent event, TrackingToken token) {
        int customer = event.customerId().value();
        writer.apply(token, List.of(CustomerItem.key(customer)), (batch, position) -> customers.writeCustomer(batch.items(), customer,
                event.storeId().value(), event.firstName(), event.lastName(), event.email(), event.address(), null,
                position), PEOPLE, SALES);
    }

    @EventHandler
    public void on(CustomerDeactivatedEvent event, TrackingToken token) {
        int customer = event.customerId().value();
        writer.apply(token, List.of(CustomerItem.key(customer)), (batch, position) ->
                customers.setActive(batch.items(), customer, false, position), PEOPLE, SALES);
    }

    @EventHandler
    public void on(CustomerReactivatedEvent event, TrackingToken token) {
        int customer = event.customerId().value();
        writer.apply(token, List.of(CustomerItem.key(customer)), (batch, position) ->
                customers.setActive(batch.items(), customer, true, position), PEOPLE, SALES);
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
