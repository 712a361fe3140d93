package dev.pagila.command.sales;

import dev.pagila.kernel.money.Money;
import dev.pagila.kernel.sales.RentalId;

public record ReturnOutcome(RentalId rentalId, int lateDays, Money lateFee) {
}
