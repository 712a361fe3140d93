package dev.pagila.query.sales;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * What a customer was charged and what they paid, as the accounts projection keeps it and the cache holds it: each
 * rental's rate and, once returned, its late fee, and each payment, with their instants. A balance at any instant
 * is a sum over these, with no other read.
 */
public record Account(int customerId, List<Charge> charges, List<Payment> payments) {

    private static final BigDecimal NOTHING = BigDecimal.ZERO.setScale(2);

    /** A rental: its rate on the terms it was made, and its late fee (zero until returned late). */
    public record Charge(int rentalId, Instant rentedAt, BigDecimal rentalRate, BigDecimal lateFee) {
    }

    public record Payment(int paymentId, Instant paidAt, BigDecimal amount) {
    }

    /**
     * Pagila's {@code get_customer_balance} rule with the rate each rental was made at (Pagila joins the film's rate
     * of today): the rental rate of every rental up to {@code at}, plus the late fees of those rentals, minus every
     * payment up to {@code at}.
     */
    public Balance balanceAt(Instant at) {
        BigDecimal rentalFees = NOTHING;
        BigDecimal lateFees = NOTHING;
        for (Charge charge : charges) {
            if (!charge.rentedAt().isAfter(at)) {
                rentalFees = rentalFees.add(charge.rentalRate());
                lateFees = lateFees.add(charge.lateFee());
            }
        }
        BigDecimal paid = NOTHING;
        for (Payment payment : payments) {
            if (!payment.paidAt().isAfter(at)) {
                paid = paid.add(payment.amount());
            }
        }
        return new Balance(customerId, at, rentalFees.setScale(2), lateFees.setScale(2), paid.setScale(2),
                rentalFees.add(lateFees).subtract(paid).setScale(2));
    }
}
