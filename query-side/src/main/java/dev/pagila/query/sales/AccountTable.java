package dev.pagila.query.sales;

import dev.pagila.kernel.customers.CustomerRegisteredEvent;
import dev.pagila.kernel.sales.FilmRentedEvent;
import dev.pagila.kernel.sales.PaymentTakenEvent;
import dev.pagila.kernel.sales.RentalReturnedEvent;
import dev.pagila.query.table.ItemBatch;
import dev.pagila.query.table.ReadModelTable;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Optional;

/**
 * Customers' accounts ({@link AccountItem}) in the Films table. Each account is written from its customer's events
 * only, which the accounts group sequences per customer ({@link CustomerSequencingPolicy}): one writer at a time. They
 * come from several streams (the customer's, and each rented copy's), whose transactions may commit out of the order of
 * their positions, so an account is changed by keyed puts that any order and any redelivery leave the same
 * ({@link ItemBatch#merge}), never refused for arriving after a later position.
 */
@Component
public class AccountTable {

    private final ReadModelTable table;

    public AccountTable(ReadModelTable table) {
        this.table = table;
    }

    /** The table this projection writes. */
    public ReadModelTable table() {
        return table;
    }

    public boolean open(ItemBatch items, CustomerRegisteredEvent event, long position) {
        int customer = event.customerId().value();
        return items.merge(AccountItem.KIND, AccountItem.key(customer), position, account -> account.open(customer));
    }

    public boolean charge(ItemBatch items, FilmRentedEvent event, long position) {
        int customer = event.customerId().value();
        return items.merge(AccountItem.KIND, AccountItem.key(customer), position, account -> account.charge(customer,
                event.rentalId().value(), event.rentedAt(), event.rentalRate().amount()));
    }

    public boolean returned(ItemBatch items, RentalReturnedEvent event, long position) {
        return items.merge(AccountItem.KIND, AccountItem.key(event.customerId().value()), position,
                account -> account.returned(event.rentalId().value(), event.lateFee().amount()));
    }

    public boolean pay(ItemBatch items, PaymentTakenEvent event, long position) {
        int customer = event.customerId().value();
        return items.merge(AccountItem.KIND, AccountItem.key(customer), position, account -> account.pay(customer,
                event.paymentId().value(), event.paidAt(), event.amount().amount()));
    }

    /** The account of a registered customer, strongly consistent. */
    public Optional<Account> account(int customerId) {
        return table.get(AccountItem.KIND, AccountItem.key(customerId)).filter(AccountItem::registered).map(AccountItem::account);
    }

    /** Deletes every item this projection writes. */
    public long clear() {
        return table.deleteItemsOf(List.of(AccountItem.KIND));
    }
}
