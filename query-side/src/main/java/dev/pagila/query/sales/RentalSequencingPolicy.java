package dev.pagila.query.sales;

import dev.pagila.kernel.sales.FilmRentedEvent;
import dev.pagila.kernel.sales.PaymentTakenEvent;
import dev.pagila.kernel.sales.RentalReturnedEvent;

/**
 * The sales group's events in sequences per rental: a rental and its return come from the copy's stream, its
 * payments from the customer's, and the sales totals join them. One sequence puts them in one segment, in stream
 * order, so the join needs no coordination between segments or instances.
 */
public class RentalSequencingPolicy extends PayloadSequencingPolicy {

    @Override
    protected boolean sequencesByPayload(Class<?> type) {
        return type == FilmRentedEvent.class || type == RentalReturnedEvent.class || type == PaymentTakenEvent.class;
    }

    @Override
    protected Object sequenceOf(Object payload) {
        if (payload instanceof FilmRentedEvent rented) {
            return "rental-" + rented.rentalId().value();
        }
        if (payload instanceof RentalReturnedEvent returned) {
            return "rental-" + returned.rentalId().value();
        }
        PaymentTakenEvent payment = (PaymentTakenEvent) payload;
        return payment.rentalId() == null ? "payment-" + payment.paymentId().value() : "rental-" + payment.rentalId().value();
    }
}
