package dev.pagila.client.answer;

import java.time.Instant;

/** A rental ({@code POST /api/rentals}, 201): its id, the copy, when it is due back, and its event's position. */
public record RentalReceipt(int rentalId, int inventoryId, Instant rentedAt, Instant dueAt, long position) {
}
