package dev.pagila.client.answer;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * A rental in a customer's history ({@code GET /api/customers/{id}/rentals}, one item); {@code returnedAt},
 * {@code lateDays} and {@code lateFee} once returned.
 */
public record CustomerRental(int rentalId, int copyId, int filmId, String title, int storeId, Instant rentedAt, Instant dueAt,
                             Instant returnedAt, Integer lateDays, BigDecimal lateFee, BigDecimal rentalRate) {
}
