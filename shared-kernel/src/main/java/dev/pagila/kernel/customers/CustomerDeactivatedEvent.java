package dev.pagila.kernel.customers;

import org.axonframework.serialization.Revision;

@Revision("1")
public record CustomerDeactivatedEvent(
        CustomerId customerId) {
}
