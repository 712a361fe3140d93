package dev.pagila.kernel.sales;

import dev.pagila.kernel.customers.CustomerId;
import dev.pagila.kernel.money.Money;
import dev.pagila.kernel.stores.StaffId;
import org.axonframework.serialization.Revision;

import java.time.Instant;

@Revision("1")
public record PaymentTakenEvent(
        PaymentId paymentId,
        CustomerId customerId,
        StaffId staffId,
        RentalId rentalId,
        Money amount,
        Instant paidAt) {
}
