package dev.pagila.query.sales;

import dev.pagila.infra.dynamodb.FilmsTable;
import dev.pagila.kernel.sales.FilmRentedEvent;
import dev.pagila.kernel.sales.PaymentTakenEvent;
import dev.pagila.kernel.sales.RentalReturnedEvent;
import dev.pagila.query.table.FilmsKeys;
import dev.pagila.query.table.ItemBatch;
import dev.pagila.query.table.ItemKey;
import dev.pagila.query.table.ItemKind;
import dev.pagila.query.table.ReadModelTable;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.math.BigDecimal;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

/**
 * Rentals, payments and sales totals in the Films table.
 * <ul>
 *   <li>A rental is {@code RENTAL#r / #META}; its payments sit beside it ({@code RENTAL#r / PAYMENT#p}). Both are
 *   listed per customer through GSI1 ({@code CUSTOMER#c}, by time), payments per month through GSI2.</li>
 *   <li>Sales totals ({@code SALES / STORE#s#FILM#f}) join a payment with its rental. The sales group sequences its
 *   events by rental ({@link RentalSequencingPolicy}), so a rental, its return and its payments reach one segment
 *   in stream order, and whichever of rental and payment comes second counts the payment: a payment finding its
 *   rental adds to the total with the write of the payment item; a payment before its rental is noted on the
 *   rental's item, and the rental adds it with the write of the rental item. The total is an {@code ADD} in the
 *   same transaction as that write, so a redelivered event, which changes neither item, never counts twice.</li>
 * </ul>
 */
@Component
public class SalesTable {

    /** Every kind this projection writes, which a replay from the start clears. */
    static final List<ItemKind<?>> KINDS = List.of(RentalItem.KIND, PaymentItem.KIND, SalesTotalItem.KIND);

    private final ReadModelTable table;

    public SalesTable(ReadModelTable table) {
        this.table = table;
    }

    /** The table this projection writes. */
    public ReadModelTable table() {
        return table;
    }

    public boolean recordRental(ItemBatch items, FilmRentedEvent event, long position) {
        ItemKey key = RentalItem.key(event.rentalId().value());
        List<BigDecimal> uncounted = items.item(RentalItem.KIND, key).uncountedPayments();
        boolean applied = items.update(RentalItem.KIND, key, position, rental -> rental.rent(event));
        if (applied) {
            uncounted.forEach(amount -> count(items, key, amount, event.storeId().value(), event.filmId().value()));
        }
        return applied;
    }

    public boolean recordReturn(ItemBatch items, RentalReturnedEvent event, long position) {
        return items.update(RentalItem.KIND, RentalItem.key(event.rentalId().value()), position, rental -> rental.returned(event));
    }

    /** @param zone the business zone, in which a payment's month is decided */
    public boolean recordPayment(ItemBatch items, PaymentTakenEvent event, ZoneId zone, long position) {
        int paymentId = event.paymentId().value();
        Integer rentalId = event.rentalId() == null ? null : event.rentalId().value();
        ItemKey key = PaymentItem.key(rentalId, paymentId);
        BigDecimal amount = event.amount().amount();
        boolean applied = items.update(PaymentItem.KIND, key, position, payment -> payment.take(event, zone));
        if (rentalId == null) {
            return applied;
        }
        RentalItem rental = items.item(RentalItem.KIND, RentalItem.key(rentalId));
        if (rental.rented()) {
            if (applied) {
                count(items, key, amount, rental.storeId(), rental.filmId());
            }
        } else {
            // each item is guarded by its own position: a redelivery after a crash between the two writes notes it still
            items.update(RentalItem.KIND, RentalItem.key(rentalId), position, pending -> pending.notePayment(paymentId, amount));
        }
        return applied;
    }

    private static void count(ItemBatch items, ItemKey countedWith, BigDecimal amount, int storeId, int filmId) {
        items.increment(countedWith, SalesTotalItem.key(storeId, filmId), SalesTotalItem.labels(storeId, filmId),
                SalesTotalItem.payment(amount));
    }

    /** Deletes every item this projection writes. */
    public long clear() {
        return table.deleteItemsOf(KINDS);
    }

    /** Every store and film sales total, strongly consistent. */
    public List<SalesTotalItem> salesTotals() {
        return SalesTotalItem.KIND.allOf(table.partition(FilmsKeys.SALES));
    }

    /** A customer's rentals and payments, each oldest first. */
    public record History(List<RentalItem> rentals, List<PaymentItem> payments) {
    }

    /** A customer's history, from one read of GSI1. */
    public History historyOf(int customerId) {
        List<Map<String, AttributeValue>> items = table.indexPartition(FilmsTable.GSI1, FilmsKeys.customer(customerId));
        return new History(RentalItem.KIND.allOf(items), PaymentItem.KIND.allOf(items));
    }

    public List<PaymentItem> paymentsIn(YearMonth month) {
        return table.indexPartition(PaymentItem.KIND, FilmsTable.GSI2, FilmsKeys.paymentsIn(month));
    }
}
