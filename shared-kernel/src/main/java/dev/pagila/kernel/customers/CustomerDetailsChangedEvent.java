package dev.pagila.kernel.customers;

import dev.pagila.kernel.shared.Address;
import dev.pagila.kernel.stores.StoreId;
import org.axonframework.serialization.Revision;

@Revision("1")
public record CustomerDetailsChangedEvent(
        CustomerId customerId,
        StoreId storeId,
        String firstName,
        String lastName,
        String email,
        Address address) {
}
