package dev.pagila.command.customers;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import dev.pagila.command.shared.CommandLookups;
import dev.pagila.command.shared.References;
import dev.pagila.command.shared.Rule;
import dev.pagila.command.shared.RuleViolationException;
import dev.pagila.command.shared.UnknownReferenceException;
import dev.pagila.kernel.customers.ChangeCustomerDetailsCommand;
import dev.pagila.kernel.customers.CustomerDeactivatedEvent;
import dev.pagila.kernel.customers.CustomerDetailsChangedEvent;
import dev.pagila.kernel.customers.CustomerId;
import dev.pagila.kernel.customers.CustomerReactivatedEvent;
import dev.pagila.kernel.customers.CustomerRegisteredEvent;
import dev.pagila.kernel.customers.DeactivateCustomerCommand;
import dev.pagila.kernel.customers.ReactivateCustomerCommand;
import dev.pagila.kernel.customers.RegisterCustomerCommand;
import dev.pagila.kernel.sales.PaymentTakenEvent;
import dev.pagila.kernel.sales.TakePaymentCommand;
import dev.pagila.kernel.shared.Address;
import dev.pagila.kernel.stores.StoreId;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * A customer, and the payments they made: the stream grows with every payment, so it is snapshotted. Payments
 * change nothing the customer's own rules look at; they are kept here because a balance is the customer's.
 */
@Aggregate(snapshotTriggerDefinition = "customerSnapshotTrigger", cache = "customerCache")
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY)
public class Customer {

    @AggregateIdentifier
    private CustomerId customerId;
    private boolean active;
    private Details details;

    protected Customer() {
    }

    @CommandHandler
    public Customer(RegisterCustomerCommand command, References references) {
        references.requireStore(command.storeId());
        apply(new CustomerRegisteredEvent(command.customerId(), command.storeId(), command.firstName(), command.lastName(),
                command.email(), command.address(), true));
    }

    @CommandHandler
    public void handle(ChangeCustomerDetailsCommand command, References references) {
        references.requireStore(command.storeId());
        if (Details.of(command).equals(details)) {
            return; // the same details again: nothing happened, nothing to record
        }
        apply(new CustomerDetailsChangedEvent(customerId, command.storeId(), command.firstName(), command.lastName(),
                command.email(), command.address()));
    }

    @CommandHandler
    public void handle(DeactivateCustomerCommand command) {
        if (!active) {
            throw new RuleViolationException(Rule.CUSTOMER_INACTIVE, customerId + " is already inactive");
        }
        apply(new CustomerDeactivatedEvent(customerId));
    }

    @CommandHandler
    public void handle(ReactivateCustomerCommand command) {
        if (active) {
            throw new RuleViolationException(Rule.CUSTOMER_ACTIVE, customerId + " is already active");
        }
        apply(new CustomerReactivatedEvent(customerId));
    }

    @CommandHandler
    public void handle(TakePaymentCommand command, References references, CommandLookups rentals) {
        references.requireStaff(command.staffId());
        if (command.rentalId() != null && rentals.copyOf(command.rentalId()).isEmpty()) {
            throw UnknownReferenceException.forId(command.rentalId());
        }
        apply(new PaymentTakenEvent(command.paymentId(), customerId, command.staffId(), command.rentalId(),
                command.amount(), command.paidAt()));
    }

    @EventSourcingHandler
    void on(CustomerRegisteredEvent event) {
        customerId = event.customerId();
        active = event.active();
        details = new Details(event.storeId(), event.firstName(), event.lastName(), event.email(), event.address());
    }

    @EventSourcingHandler
    void on(CustomerDetailsChangedEvent event) {
        details = new Details(event.storeId(), event.firstName(), event.lastName(), event.email(), event.address());
    }

    @EventSourcingHandler
    void on(CustomerDeactivatedEvent event) {
        active = false;
    }

    @EventSourcingHandler
    void on(CustomerReactivatedEvent event) {
        active = true;
    }

    /** What a change of details replaces as a whole. */
    record Details(StoreId storeId, String firstName, String lastName, String email, Address address) {

        static Details of(ChangeCustomerDetailsCommand command) {
            return new Details(command.storeId(), command.firstName(), command.lastName(), command.email(), command.address());
        }
    }
}
