package dev.pagila.command.migration;

import dev.pagila.command.sales.LateFeePolicy;
import dev.pagila.kernel.customers.CustomerDeactivatedEvent;
import dev.pagila.kernel.customers.CustomerDetailsChangedEvent;
import dev.pagila.kernel.customers.CustomerId;
import dev.pagila.kernel.customers.CustomerReactivatedEvent;
import dev.pagila.kernel.customers.CustomerRegisteredEvent;
import dev.pagila.kernel.shared.Address;

import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/**
 * Changes of {@code customer} and {@code address} as events: a customer's details and standing, each an event only
 * where the row differs from what the stream holds, and an edited address as new details of whoever lives there.
 */
final class LegacyCustomerChanges {

    private final FollowedStreams streams;
    private final LegacyAddresses addresses;
    private final LateFeePolicy lateFees;

    LegacyCustomerChanges(FollowedStreams streams, LegacyAddresses addresses, LateFeePolicy lateFees) {
        this.streams = streams;
        this.addresses = addresses;
        this.lateFees = lateFees;
    }

    void customer(String op, LegacyRow after, List<LegacyEvent<?>> out) throws SQLException {
        if (after == null) {
            return;
        }
        Address address = addresses.address(after.integer("address_id"));
        if (op.equals("c")) {
            out.add(LegacyMapping.customer(after, address, lateFees.zone()));
            return;
        }
        CustomerDetailsChangedEvent details = LegacyMapping.customerDetails(after, address);
        CustomerId id = details.customerId();
        boolean active = after.bool("activebool");
        StoredCustomer stored = storedCustomer(id);
        Instant at = after.instant("last_update");
        if (!details.equals(stored.details())) {
            out.add(new LegacyEvent<>("Customer", id.toString(), at, details));
        }
        if (stored.active() != active) {
            out.add(new LegacyEvent<>("Customer", id.toString(), at,
                    active ? new CustomerReactivatedEvent(id) : new CustomerDeactivatedEvent(id)));
        }
    }

    /** Pagila keeps addresses apart: editing one changes the details of every customer who lives there. */
    void address(String op, LegacyRow after, List<LegacyEvent<?>> out) throws SQLException {
        if (op.equals("u")) {
            addressChanged(after.integer("address_id"), after.instant("last_update"), out);
        }
    }

    private void addressChanged(int addressId, Instant at, List<LegacyEvent<?>> out) throws SQLException {
        List<Integer> customers = addresses.customersAt(addressId);
        Address address = addresses.address(addressId);
        for (int customerId : customers) {
            CustomerId id = CustomerId.of(customerId);
            CustomerDetailsChangedEvent current = storedCustomer(id).details();
            if (current != null && !address.equals(current.address())) {
                out.add(new LegacyEvent<>("Customer", id.toString(), at, new CustomerDetailsChangedEvent(id, current.storeId(),
                        current.firstName(), current.lastName(), current.email(), address)));
            }
        }
    }

    /** A customer's details (as a change of them would state them) and standing, as the store has them. */
    private record StoredCustomer(CustomerDetailsChangedEvent details, boolean active) {
    }

    private StoredCustomer storedCustomer(CustomerId id) {
        CustomerDetailsChangedEvent details = null;
        boolean active = true;
        for (Object event : streams.payloads(id.toString())) {
            if (event instanceof CustomerRegisteredEvent registered) {
                details = new CustomerDetailsChangedEvent(id, registered.storeId(), registered.firstName(),
                        registered.lastName(), registered.email(), registered.address());
                active = registered.active();
            } else if (event instanceof CustomerDetailsChangedEvent changed) {
                details = changed;
            } else if (event instanceof CustomerDeactivatedEvent) {
                active = false;
            } else if (event instanceof CustomerReactivatedEvent) {
                active = true;
            }
        }
        return new StoredCustomer(details, active);
    }
}
