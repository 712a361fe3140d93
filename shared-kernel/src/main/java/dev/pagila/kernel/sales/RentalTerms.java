package dev.pagila.kernel.sales;

import dev.pagila.kernel.money.Money;

/** What a customer agreed to when they rented: the film's rate, and how many days before the copy is due. */
public record RentalTerms(Money rentalRate, int rentalDuration) {
}
