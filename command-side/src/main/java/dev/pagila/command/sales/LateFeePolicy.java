package dev.pagila.command.sales;

import dev.pagila.kernel.money.Money;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;

/**
 * Pagila's late-fee rule: the calendar days between renting and returning, counted in the business time
 * zone, beyond the film's rental duration, each cost a fixed fee.
 */
public record LateFeePolicy(ZoneId zone, Money feePerDay) {

    public Instant dueAt(Instant rentedAt, int rentalDurationDays) {
        return rentedAt.plus(Duration.ofDays(rentalDurationDays));
    }

    public int lateDays(Instant rentedAt, Instant dueAt, Instant returnedAt) {
        long rentalDurationDays = Duration.between(rentedAt, dueAt).toDays();
        long calendarDays = ChronoUnit.DAYS.between(rentedAt.atZone(zone).toLocalDate(), returnedAt.atZone(zone).toLocalDate());
        return (int) Math.max(0, calendarDays - rentalDurationDays);
    }

    public Money lateFee(int lateDays) {
        return new Money(feePerDay.amount().multiply(BigDecimal.valueOf(lateDays)));
    }
}
