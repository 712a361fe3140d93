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
        // the payload type is known without deserializing the payload; every event the group does not handle passes here
        Class<?> type = event.getPayloadType();
        if (type == FilmRentedEvent.class) {
            return "rental-" + ((FilmRentedEvent) event.getPayload()).rentalId().value();
        }
        if (type == RentalReturnedEvent.class) {
            return "rental-" + ((RentalReturnedEvent) event.getPayload()).rentalId().value();
        }
        if (type == PaymentTakenEvent.class) {
            PaymentTakenEvent payment = (PaymentTakenEvent) event.getPayload();
            return payment.rentalId() == null ? "payment-" + payment.paymentId().value() : "rental-" + payment.rentalId().value();
        }
        return otherwise.getSequenceIdentifierFor(event);
    }
}
