package dev.pagila.query.customers;

import dev.pagila.infra.dynamodb.FilmsKeys;
import dev.pagila.infra.dynamodb.FilmsTable;
import dev.pagila.kernel.shared.Address;
import dev.pagila.query.inventory.InventoryTable;
import dev.pagila.query.table.ItemBatch;
import dev.pagila.query.table.ItemKey;
import dev.pagila.query.table.Items;
import dev.pagila.query.table.Page;
import dev.pagila.query.table.ReadModelTable;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static dev.pagila.query.table.Items.n;
import static dev.pagila.query.table.Items.s;

/** Customers ({@code CUSTOMER#c / #META}), listed by id through GSI2 ({@code CUSTOMERS}). */
@Component
public class CustomerTable {

    private final ReadModelTable table;

    public CustomerTable(ReadModelTable table) {
        this.table = table;
    }

    /** The table this projection writes. */
    public ReadModelTable table() {
        return table;
    }

    public static ItemKey customerKey(int customerId) {
        return new ItemKey(FilmsKeys.customer(customerId), FilmsKeys.META);
    }

    /** @param active null leaves the customer's activity as it is (a change of details) */
    public boolean writeCustomer(ItemBatch items, int customerId, int storeId, String firstName, String lastName, String email,
                                 Address address, Boolean active, long position) {
        return items.update(customerKey(customerId), position, customer -> {
            InventoryTable.addressOf(address, customer
                    .set("type", s("CUSTOMER"))
                    .set("customerId", n(customerId))
                    .set("storeId", n(storeId))
                    .set("firstName", s(firstName))
                    .set("lastName", s(lastName))
                    .setOrRemove("email", s(email))
                    .set(FilmsTable.GSI2_PK, s(FilmsKeys.CUSTOMERS))
                    .set(FilmsTable.GSI2_SK, s(FilmsKeys.byId(customerId))));
            if (active != null) {
                customer.set("active", Items.bool(active));
            }
        });
    }

    public boolean setActive(ItemBatch items, int customerId, boolean active, long position) {
        return items.update(customerKey(customerId), position, customer -> customer.set("active", Items.bool(active)));
    }

    /** Deletes every item this projection writes. */
    public long clear() {
        return table.deleteItemsOfTypes(Set.of("CUSTOMER"));
    }

    public Optional<Map<String, AttributeValue>> customer(int customerId) {
        return table.get(FilmsKeys.customer(customerId), FilmsKeys.META).filter(item -> item.containsKey("customerId"));
    }

    public List<Map<String, AttributeValue>> customers(List<Integer> customerIds) {
        return table.getAll(customerIds.stream().map(id -> Items.key(FilmsKeys.customer(id), FilmsKeys.META)).toList());
    }

    public Page<Map<String, AttributeValue>> page(int limit, String cursor) {
        return table.indexPage(FilmsTable.GSI2, FilmsKeys.CUSTOMERS, null, item -> true, limit, cursor);
    }
}
