package dev.pagila.kernel.stores;

import dev.pagila.kernel.shared.Address;
import org.axonframework.serialization.Revision;

@Revision("1")
public record StaffHiredEvent(
        StaffId staffId,
        String firstName,
        String lastName,
        Address address,
        String email,
        StoreId storeId,
        String username,
        boolean active) {
}
