package dev.pagila.client.answer;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * What a customer owes at an instant ({@code GET /api/customers/{id}/balance?at=}), as Pagila's
 * {@code get_customer_balance}: rental rates plus late fees, minus payments.
 */
public record CustomerBalance(int customerId, Instant at, BigDecimal rentalFees, BigDecimal lateFees, BigDecimal payments,
                              BigDecimal balance) {
}
