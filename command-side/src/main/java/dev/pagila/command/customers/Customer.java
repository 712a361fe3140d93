package dev.pagila.command.customers;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import dev.pagila.command.shared.CommandLookups;
import dev.pagila.command.shared.References;
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
        apply(new CustomerDetailsChangedEvent(customerId, command.storeId(), command.firstName(), command.lastName(),
                command.email(), command.address()));
    }

    @CommandHandler
    public void handle(DeactivateCustomerCommand command) {
        if (!active) {
            throw new RuleViolationException("customer-inactive", customerId + " is already inactive");
        }
        apply(new CustomerDeactivatedEvent(customerId));
    }

    @CommandHandler
    public void handle(ReactivateCustomerCommand command) {
        if (active) {
            throw new RuleViolationException("customer-active", customerId + " is already active");
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
    }

    @EventSourcingHandler
    void on(CustomerDeactivatedEvent event) {
        active = false;
    }

    @EventSourcingHandler
    void on(CustomerReactivatedEvent event) {
        active = true;
    }

}
