package dev.pagila.command.sales;

import dev.pagila.kernel.sales.RentalId;

import java.time.Instant;

public record RentalOutcome(RentalId rentalId, Instant dueAt) {
}
