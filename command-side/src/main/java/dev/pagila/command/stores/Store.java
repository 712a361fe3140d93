package dev.pagila.command.stores;

import dev.pagila.kernel.stores.OpenStoreCommand;
import dev.pagila.kernel.stores.StoreId;
import dev.pagila.kernel.stores.StoreOpenedEvent;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

@Aggregate
public class Store {

    @AggregateIdentifier
    private StoreId storeId;

    protected Store() {
    }

    /** A store and its manager reference each other in Pagila; the manager is hired into the store afterwards. */
    @CommandHandler
    public Store(OpenStoreCommand command) {
        apply(new StoreOpenedEvent(command.storeId(), command.managerStaffId(), command.address()));
    }

    @EventSourcingHandler
    void on(StoreOpenedEvent event) {
        storeId = event.storeId();
    }
}
