package dev.pagila.query.sales;

import dev.pagila.kernel.customers.CustomerRegisteredEvent;
import dev.pagila.kernel.sales.FilmRentedEvent;
import dev.pagila.kernel.sales.PaymentTakenEvent;
import dev.pagila.kernel.sales.RentalReturnedEvent;
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
 * Projects each customer's account (charges and payments in one item, see {@link AccountItem}), from which a balance
 * at any instant is computed without reading the customer's history. Sequenced per customer
 * ({@link CustomerSequencingPolicy}), a batch of events at a time (see {@link ProjectionWriter}).
 */
@Component
@ProcessingGroup(AccountProjection.PROCESSING_GROUP)
public class AccountProjection {

    public static final String PROCESSING_GROUP = "accounts";

    private final AccountTable accounts;
    private final VersionedCache cache;
    private final ProjectionWriter writer;

    public AccountProjection(AccountTable accounts, VersionedCache cache, ProjectionWriters writers) {
        this.accounts = accounts;
        this.cache = cache;
        this.writer = writers.writerFor(PROCESSING_GROUP, accounts.table());
    }

    @EventHandler
    public void on(CustomerRegisteredEvent event, TrackingToken token) {
        change(token, event.customerId().value(), (batch, position) -> accounts.open(batch.items(), event, position));
    }

    @EventHandler
    public void on(FilmRentedEvent event, TrackingToken token) {
        change(token, event.customerId().value(), (batch, position) -> accounts.charge(batch.items(), event, position));
    }

    @EventHandler
    public void on(RentalReturnedEvent event, TrackingToken token) {
        change(token, event.customerId().value(), (batch, position) -> accounts.returned(batch.items(), event, position));
    }

    @EventHandler
    public void on(PaymentTakenEvent event, TrackingToken token) {
        change(token, event.customerId().value(), (batch, position) -> accounts.pay(batch.items(), event, position));
    }

    /** Every event changes its customer's account item only, and retires that account's cached answer. */
    private void change(TrackingToken token, int customer, ProjectionWriter.Step step) {
        writer.apply(token, List.of(AccountItem.key(customer)), step, VersionedCache.Slot.account(customer).generationKey());
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
