package dev.pagila.query.sales;

import dev.pagila.kernel.customers.CustomerRegisteredEvent;
import dev.pagila.kernel.sales.FilmRentedEvent;
import dev.pagila.kernel.sales.PaymentTakenEvent;
import dev.pagila.kernel.sales.RentalReturnedEvent;

/**
 * The accounts group's events in sequences per customer: a customer's registration comes from the customer's stream,
 * rentals and returns from the copies' streams, payments from the customer's. One sequence puts all of a customer's
 * events in one segment, in stream order, so the customer's account has one writer.
 */
public class CustomerSequencingPolicy extends PayloadSequencingPolicy {

    @Override
    protected boolean sequencesByPayload(Class<?> type) {
        return type == CustomerRegisteredEvent.class || type == FilmRentedEvent.class || type == RentalReturnedEvent.class
                || type == PaymentTakenEvent.class;
    }

    @Override
    protected Object sequenceOf(Object payload) {
        int customer = payload instanceof CustomerRegisteredEvent registered ? registered.customerId().value()
                : payload instanceof FilmRentedEvent rented ? rented.customerId().value()
                : payload instanceof RentalReturnedEvent returned ? returned.customerId().value()
                : ((PaymentTakenEvent) payload).customerId().value();
        return "customer-" + customer;
    }
}
