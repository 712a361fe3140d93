package dev.pagila.kernel.stores;

import dev.pagila.kernel.shared.Address;
import org.axonframework.serialization.Revision;

@Revision("1")
public record StoreOpenedEvent(
        StoreId storeId,
        StaffId managerStaffId,
        Address address) {
}
