package dev.pagila.query.sales;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * A rental in a customer's history; {@code returnedAt}, {@code lateDays} and {@code lateFee} once returned;
 * {@code rentalRate} is what the customer rented it at.
 */
public record RentalView(int rentalId, int copyId, int filmId, String title, int storeId, Instant rentedAt, Instant dueAt,
                         Instant returnedAt, Integer lateDays, BigDecimal lateFee, BigDecimal rentalRate) {
}
