package dev.pagila.query.sales;

import dev.pagila.kernel.sales.FilmRentedEvent;
import dev.pagila.kernel.sales.PaymentTakenEvent;
import dev.pagila.kernel.sales.RentalReturnedEvent;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.async.SequencingPolicy;
import org.axonframework.eventhandling.async.SequentialPerAggregatePolicy;

/**
 * The sales group's events in sequences per rental: a rental and its return come from the copy's stream, its
 * payments from the customer's, and the sales totals join them. One sequence puts them in one segment, in stream
 * order, so the join needs no coordination between segments or instances.
 */
public class RentalSequencingPolicy implements SequencingPolicy<EventMessage<?>> {

    private final SequencingPolicy<EventMessage> otherwise = SequentialPerAggregatePolicy.instance();

    @Override
    public Object getSequenceIdentifierFor(EventMessage<?> event) {
        Object payload = event.getPayload();
        if (payload instanceof FilmRentedEvent rented) {
            return "rental-" + rented.rentalId().value();
        }
        if (payload instanceof RentalReturnedEvent returned) {
            return "rental-" + returned.rentalId().value();
        }
        if (payload instanceof PaymentTakenEvent payment) {
            return payment.rentalId() == null ? "payment-" + payment.paymentId().value() : "rental-" + payment.rentalId().value();
        }
        return otherwise.getSequenceIdentifierFor(event);
    }
}
