package dev.pagila.kernel.sales;

import dev.pagila.kernel.customers.CustomerId;
import dev.pagila.kernel.money.Money;
import dev.pagila.kernel.money.NotNegative;
import dev.pagila.kernel.stores.StaffId;
import jakarta.validation.constraints.NotNull;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** A payment from a customer, usually for a rental; it lives in the customer's stream, as their balance does. */
public record TakePaymentCommand(
        @TargetAggregateIdentifier @NotNull CustomerId customerId,
        @NotNull PaymentId paymentId,
        @NotNull StaffId staffId,
        RentalId rentalId,
        @NotNull @NotNegative Money amount,
        @NotNull Instant paidAt) {
}
