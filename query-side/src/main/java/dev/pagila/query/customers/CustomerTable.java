package dev.pagila.query.customers;

import dev.pagila.infra.dynamodb.FilmsTable;
import dev.pagila.kernel.shared.Address;
import dev.pagila.query.table.FilmsKeys;
import dev.pagila.query.table.ItemBatch;
import dev.pagila.query.table.Page;
import dev.pagila.query.table.ReadModelTable;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Optional;

/** Customers ({@link CustomerItem}) in the Films table. */
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

    /** @param active null leaves the customer's activity as it is (a change of details) */
    public boolean writeCustomer(ItemBatch items, int customerId, int storeId, String firstName, String lastName, String email,
                                 Address address, Boolean active, long position) {
        return items.update(CustomerItem.KIND, CustomerItem.key(customerId), position, customer -> {
            customer.describe(customerId, storeId, firstName, lastName, email, address);
            if (active != null) {
                customer.activate(active);
            }
        });
    }

    public boolean setActive(ItemBatch items, int customerId, boolean active, long position) {
        return items.update(CustomerItem.KIND, CustomerItem.key(customerId), position, customer -> customer.activate(active));
    }

    /** Deletes every item this projection writes. */
    public long clear() {
        return table.deleteItemsOf(List.of(CustomerItem.KIND));
    }

    public Optional<CustomerItem> customer(int customerId) {
        return table.get(CustomerItem.KIND, CustomerItem.key(customerId)).filter(CustomerItem::registered);
    }

    public List<CustomerItem> customers(List<Integer> customerIds) {
        return table.getAll(CustomerItem.KIND, customerIds.stream().map(CustomerItem::key).toList()).stream()
                .filter(CustomerItem::registered).toList();
    }

    public Page<CustomerItem> page(int limit, String cursor) {
        return table.indexPage(CustomerItem.KIND, FilmsTable.GSI2, FilmsKeys.CUSTOMERS, null, customer -> true, limit, cursor);
    }
}
