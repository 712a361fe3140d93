package dev.pagila.query.customers;

import dev.pagila.kernel.shared.Address;
import dev.pagila.query.cache.CacheKeys;
import dev.pagila.query.cache.CachedJson;
import dev.pagila.query.cache.VersionedCache;
import dev.pagila.query.cache.VersionedCache.Slot;
import dev.pagila.query.table.Page;
import org.springframework.stereotype.Service;

import java.util.Optional;

/** Customers: Pagila's customer_list and one customer. */
@Service
public class CustomerQueries {

    private final CustomerTable customers;
    private final VersionedCache cache;

    public CustomerQueries(CustomerTable customers, VersionedCache cache) {
        this.customers = customers;
        this.cache = cache;
    }

    public CachedJson<Page<CustomerRow>> customerList(int limit, String cursor) {
        return cache.readThroughJson(Slot.in(CacheKeys.PEOPLE, "customers:" + limit + ":" + cursor),
                () -> Optional.of(customers.page(limit, cursor).map(CustomerQueries::row))).orElseThrow();
    }

    public Optional<CustomerRow> customer(int customerId) {
        return customers.customer(customerId).map(CustomerQueries::row);
    }

    static CustomerRow row(CustomerItem customer) {
        Address address = customer.address();
        return new CustomerRow(customer.customerId(), customer.firstName() + " " + customer.lastName(), address.address(),
                address.postalCode(), address.phone(), address.city(), address.country(), customer.active() ? "active" : "",
                customer.storeId(), customer.email());
    }
}
