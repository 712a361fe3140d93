package dev.pagila.query.sales;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * Pagila's {@code get_customer_balance} at an instant: rental rates of the rentals up to then, plus their late
 * fees, minus the payments up to then.
 */
public record Balance(int customerId, Instant at, BigDecimal rentalFees, BigDecimal lateFees, BigDecimal payments,
                      BigDecimal balance) {
}
