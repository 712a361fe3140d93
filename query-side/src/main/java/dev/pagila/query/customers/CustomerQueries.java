package dev.pagila.query.customers;

import dev.pagila.query.cache.CachedJson;
import dev.pagila.infra.redis.CacheKeys;
import dev.pagila.query.cache.VersionedCache;
import dev.pagila.query.cache.VersionedCache.Slot;
import dev.pagila.query.table.Items;
import org.springframework.stereotype.Service;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.Map;
import java.util.Optional;

import static dev.pagila.query.table.Items.intOf;
import static dev.pagila.query.table.Items.string;

/** Customers: Pagila's customer_list and one customer. */
@Service
public class CustomerQueries {

    private final CustomerTable customers;
    private final VersionedCache cache;

    public CustomerQueries(CustomerTable customers, VersionedCache cache) {
        this.customers = customers;
        this.cache = cache;
    }

    public CachedJson customerList(int limit, String cursor) {
        return cache.readThroughJson(Slot.in(CacheKeys.PEOPLE, "customers:" + limit + ":" + cursor),
                () -> Optional.of(customers.page(limit, cursor).map(CustomerQueries::row))).orElseThrow();
    }

    public Optional<CustomerRow> customer(int customerId) {
        return customers.customer(customerId).map(CustomerQueries::row);
    }

    static CustomerRow row(Map<String, AttributeValue> customer) {
        return new CustomerRow(intOf(customer, "customerId"), string(customer, "firstName") + " " + string(customer, "lastName"),
                string(customer, "address"), string(customer, "postalCode"), string(customer, "phone"),
                string(customer, "city"), string(customer, "country"), Items.flag(customer, "active") ? "active" : "",
                intOf(customer, "storeId"), string(customer, "email"));
    }
}
