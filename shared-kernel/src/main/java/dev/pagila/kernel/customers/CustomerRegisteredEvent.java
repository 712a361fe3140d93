package dev.pagila.kernel.customers;

import dev.pagila.kernel.shared.Address;
import dev.pagila.kernel.stores.StoreId;
import org.axonframework.serialization.Revision;

/** A customer joined; imported customers keep Pagila's {@code activebool}. */
@Revision("1")
public record CustomerRegisteredEvent(
        CustomerId customerId,
        StoreId storeId,
        String firstName,
        String lastName,
        String email,
        Address address,
        boolean active) {
}
