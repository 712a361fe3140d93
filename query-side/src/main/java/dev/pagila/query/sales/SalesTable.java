package dev.pagila.query.sales;

import dev.pagila.infra.dynamodb.FilmsKeys;
import dev.pagila.infra.dynamodb.FilmsTable;
import dev.pagila.kernel.sales.FilmRentedEvent;
import dev.pagila.kernel.sales.PaymentTakenEvent;
import dev.pagila.kernel.sales.RentalReturnedEvent;
import dev.pagila.query.table.ItemBatch;
import dev.pagila.query.table.ItemKey;
import dev.pagila.query.table.ItemState;
import dev.pagila.query.table.Items;
import dev.pagila.query.table.ReadModelTable;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.math.BigDecimal;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.pagila.query.table.Items.n;
import static dev.pagila.query.table.Items.s;

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

    static final String RENTAL = "RENTAL";
    static final String PAYMENT = "PAYMENT";
    /** On a rental's item: payments taken before the rental was projected (payment id to amount), not yet counted. */
    static final String UNCOUNTED_PAYMENTS = "uncountedPayments";

    private final ReadModelTable table;

    public SalesTable(ReadModelTable table) {
        this.table = table;
    }

    /** The table this projection writes. */
    public ReadModelTable table() {
        return table;
    }

    public static ItemKey rentalKey(int rentalId) {
        return new ItemKey(FilmsKeys.rental(rentalId), FilmsKeys.META);
    }

    /** A payment sits beside its rental; one without a rental counts in no sales report and sits alone. */
    public static ItemKey paymentKey(Integer rentalId, int paymentId) {
        return new ItemKey(rentalId == null ? FilmsKeys.payment(paymentId) : FilmsKeys.rental(rentalId), FilmsKeys.payment(paymentId));
    }

    public boolean recordRental(ItemBatch items, FilmRentedEvent event, long position) {
        int rentalId = event.rentalId().value();
        ItemKey key = rentalKey(rentalId);
        Map<String, AttributeValue> uncounted = items.item(key).map(UNCOUNTED_PAYMENTS);
        boolean applied = items.update(key, position, rental -> rental
                .set("type", s(RENTAL))
                .set("rentalId", n(rentalId))
                .set("copyId", n(event.inventoryId().value()))
                .set("filmId", n(event.filmId().value()))
                .set("storeId", n(event.storeId().value()))
                .set("customerId", n(event.customerId().value()))
                .set("staffId", n(event.staffId().value()))
                .set("rentedAt", Items.instant(event.rentedAt()))
                .set("dueAt", Items.instant(event.dueAt()))
                .set("rentalRate", n(event.rentalRate().amount()))
                .set("rentalDuration", n(event.rentalDuration()))
                .remove(UNCOUNTED_PAYMENTS)
                .set(FilmsTable.GSI1_PK, s(FilmsKeys.customer(event.customerId().value())))
                .set(FilmsTable.GSI1_SK, s(FilmsKeys.rentalByTime(event.rentedAt().toString(), rentalId))));
        if (applied) {
            uncounted.values().forEach(amount -> count(items, key, new BigDecimal(amount.n()), event.storeId().value(),
                    event.filmId().value()));
        }
        return applied;
    }

    public boolean recordReturn(ItemBatch items, RentalReturnedEvent event, long position) {
        return items.update(rentalKey(event.rentalId().value()), position, rental -> rental
                .set("returnedAt", Items.instant(event.returnedAt()))
                .set("lateDays", n(event.lateDays()))
                .set("lateFee", n(event.lateFee().amount())));
    }

    /** @param zone the business zone, in which a payment's month is decided */
    public boolean recordPayment(ItemBatch items, PaymentTakenEvent event, ZoneId zone, long position) {
        int paymentId = event.paymentId().value();
        int customerId = event.customerId().value();
        Integer rentalId = event.rentalId() == null ? null : event.rentalId().value();
        ItemKey key = paymentKey(rentalId, paymentId);
        BigDecimal amount = event.amount().amount();
        boolean applied = items.update(key, position, payment -> payment
                .set("type", s(PAYMENT))
                .set("paymentId", n(paymentId))
                .set("customerId", n(customerId))
                .set("staffId", n(event.staffId().value()))
                .setOrRemove("rentalId", n(rentalId))
                .set("amount", n(amount))
                .set("paidAt", Items.instant(event.paidAt()))
                .set(FilmsTable.GSI1_PK, s(FilmsKeys.customer(customerId)))
                .set(FilmsTable.GSI1_SK, s(FilmsKeys.paymentByTime(event.paidAt().toString(), paymentId)))
                .set(FilmsTable.GSI2_PK, s(FilmsKeys.paymentsIn(YearMonth.from(event.paidAt().atZone(zone)))))
                .set(FilmsTable.GSI2_SK, s(FilmsKeys.customer(customerId) + "#" + FilmsKeys.padded(paymentId))));
        if (rentalId == null) {
            return applied;
        }
        ItemState rental = items.item(rentalKey(rentalId));
        if (rental.has("storeId")) {
            if (applied) {
                count(items, key, amount, Items.intOf(rental.attributes(), "storeId"), Items.intOf(rental.attributes(), "filmId"));
            }
        } else {
            // each item is guarded by its own position: a redelivery after a crash between the two writes notes it still
            items.update(rentalKey(rentalId), position, pending -> pending
                    .setIfAbsent("type", s(RENTAL))
                    .setEntry(UNCOUNTED_PAYMENTS, String.valueOf(paymentId), n(amount)));
        }
        return applied;
    }

    private static void count(ItemBatch items, ItemKey countedWith, BigDecimal amount, int storeId, int filmId) {
        items.increment(countedWith, new ItemKey(FilmsKeys.SALES, FilmsKeys.salesOf(storeId, filmId)),
                Map.of("type", s("SALES"), "storeId", n(storeId), "filmId", n(filmId)),
                Map.of("total", amount, "payments", BigDecimal.ONE));
    }

    /** Deletes every item this projection writes. */
    public long clear() {
        return table.deleteItemsOfTypes(Set.of(RENTAL, PAYMENT, "SALES"));
    }

    /** Every store and film sales total, strongly consistent. */
    public List<Map<String, AttributeValue>> salesTotals() {
        return table.partition(FilmsKeys.SALES);
    }

    /** A customer's rentals and payments, oldest first, through GSI1. */
    public List<Map<String, AttributeValue>> historyOf(int customerId) {
        return table.indexPartition(FilmsTable.GSI1, FilmsKeys.customer(customerId));
    }

    public List<Map<String, AttributeValue>> paymentsIn(YearMonth month) {
        return table.indexPartition(FilmsTable.GSI2, FilmsKeys.paymentsIn(month));
    }
}
