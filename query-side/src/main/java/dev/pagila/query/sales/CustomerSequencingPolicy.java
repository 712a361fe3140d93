package dev.pagila.query.sales;

import dev.pagila.kernel.customers.CustomerRegisteredEvent;
import dev.pagila.kernel.sales.FilmRentedEvent;
import dev.pagila.kernel.sales.PaymentTakenEvent;
import dev.pagila.kernel.sales.RentalReturnedEvent;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.async.SequencingPolicy;
import org.axonframework.eventhandling.async.SequentialPerAggregatePolicy;

/**
 * The accounts group's events in sequences per customer: a customer's registration comes from the customer's stream,
 * rentals and returns from the copies' streams, payments from the customer's. One sequence puts all of a customer's
 * events in one segment, in stream order, so the customer's account has one writer.
 */
public class CustomerSequencingPolicy implements SequencingPolicy<EventMessage<?>> {

    private final SequencingPolicy<EventMessage> otherwise = SequentialPerAggregatePolicy.instance();

    @Override
    public Object getSequenceIdentifierFor(EventMessage<?> event) {
        // the payload type is known without deserializing the payload; every event the group does not handle passes here
        Class<?> type = event.getPayloadType();
        if (type == CustomerRegisteredEvent.class) {
            return "customer-" + ((CustomerRegisteredEvent) event.getPayload()).customerId().value();
        }
        if (type == FilmRentedEvent.class) {
            return "customer-" + ((FilmRentedEvent) event.getPayload()).customerId().value();
        }
        if (type == RentalReturnedEvent.class) {
            return "customer-" + ((RentalReturnedEvent) event.getPayload()).customerId().value();
        }
        if (type == PaymentTakenEvent.class) {
            return "customer-" + ((PaymentTakenEvent) event.getPayload()).customerId().value();
        }
        return otherwise.getSequenceIdentifierFor(event);
    }
}
