package dev.pagila.query.sales;

import dev.pagila.infra.dynamodb.FilmsKeys;
import dev.pagila.infra.dynamodb.FilmsTable;
import dev.pagila.kernel.sales.FilmRentedEvent;
import dev.pagila.kernel.sales.PaymentTakenEvent;
import dev.pagila.kernel.sales.RentalReturnedEvent;
import dev.pagila.query.table.ItemUpdate;
import dev.pagila.query.table.Items;
import dev.pagila.query.table.ReadModelTable;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

import java.math.BigDecimal;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static dev.pagila.query.table.Items.intOf;
import static dev.pagila.query.table.Items.n;
import static dev.pagila.query.table.Items.s;

/**
 * Rentals, payments and sales totals in the Films table.
 * <ul>
 *   <li>A rental is {@code RENTAL#r / #META}; its payments sit beside it ({@code RENTAL#r / PAYMENT#p}). Both are
 *   listed per customer through GSI1 ({@code CUSTOMER#c}, by time), payments per month through GSI2.</li>
 *   <li>Sales totals ({@code SALES / STORE#s#FILM#f}) join a payment (customer stream) with its rental (copy
 *   stream), which arrive in either order, in any segment. Whichever side is written second finds the other in
 *   the shared partition and counts the payment; at least one side always sees the other because each writes
 *   before it reads. The count is one transaction that flags the payment as counted (only if it is not yet)
 *   and adds its amount, so a redelivery, a replay or both sides counting at once add it exactly once.</li>
 * </ul>
 */
@Component
public class SalesTable {

    static final String RENTAL = "RENTAL";
    static final String PAYMENT = "PAYMENT";
    private static final int CONFLICT_RETRIES = 10;

    private final ReadModelTable table;

    public SalesTable(ReadModelTable table) {
        this.table = table;
    }

    public boolean recordRental(FilmRentedEvent event, long position) {
        int rentalId = event.rentalId().value();
        boolean applied = table.update(FilmsKeys.rental(rentalId), FilmsKeys.META, new ItemUpdate()
                .set("type", s(RENTAL))
                .set("rentalId", n(rentalId))
                .set("copyId", n(event.inventoryId().value()))
                .set("filmId", n(event.filmId().value()))
                .set("storeId", n(event.storeId().value()))
                .set("customerId", n(event.customerId().value()))
                .set("staffId", n(event.staffId().value()))
                .set("rentedAt", Items.instant(event.rentedAt()))
                .set("dueAt", Items.instant(event.dueAt()))
                .set(FilmsTable.GSI1_PK, s(FilmsKeys.customer(event.customerId().value())))
                .set(FilmsTable.GSI1_SK, s(FilmsKeys.rentalByTime(event.rentedAt().toString(), rentalId))), position);
        for (Map<String, AttributeValue> item : table.partition(FilmsKeys.rental(rentalId))) {
            if (PAYMENT.equals(Items.string(item, "type")) && !Items.flag(item, "counted")) {
                count(Items.keyOf(item), Items.money(item, "amount"), event.storeId().value(), event.filmId().value());
            }
        }
        return applied;
    }

    public boolean recordReturn(RentalReturnedEvent event, long position) {
        return table.update(FilmsKeys.rental(event.rentalId().value()), FilmsKeys.META, new ItemUpdate()
                .set("returnedAt", Items.instant(event.returnedAt()))
                .set("lateDays", n(event.lateDays()))
                .set("lateFee", n(event.lateFee().amount())), position);
    }

    /** @param zone the business zone, in which a payment's month is decided */
    public boolean recordPayment(PaymentTakenEvent event, ZoneId zone, long position) {
        int paymentId = event.paymentId().value();
        int customerId = event.customerId().value();
        Integer rentalId = event.rentalId() == null ? null : event.rentalId().value();
        // a payment without a rental counts in no sales report (Pagila's views join payments to rentals)
        String partition = rentalId == null ? FilmsKeys.payment(paymentId) : FilmsKeys.rental(rentalId);
        boolean applied = table.update(partition, FilmsKeys.payment(paymentId), new ItemUpdate()
                .set("type", s(PAYMENT))
                .set("paymentId", n(paymentId))
                .set("customerId", n(customerId))
                .set("staffId", n(event.staffId().value()))
                .setOrRemove("rentalId", n(rentalId))
                .set("amount", n(event.amount().amount()))
                .set("paidAt", Items.instant(event.paidAt()))
                .set(FilmsTable.GSI1_PK, s(FilmsKeys.customer(customerId)))
                .set(FilmsTable.GSI1_SK, s(FilmsKeys.paymentByTime(event.paidAt().toString(), paymentId)))
                .set(FilmsTable.GSI2_PK, s(FilmsKeys.paymentsIn(YearMonth.from(event.paidAt().atZone(zone)))))
                .set(FilmsTable.GSI2_SK, s(FilmsKeys.customer(customerId) + "#" + FilmsKeys.padded(paymentId))), position);
        if (rentalId != null) {
            Optional<Map<String, AttributeValue>> rental = table.get(FilmsKeys.rental(rentalId), FilmsKeys.META)
                    .filter(item -> item.containsKey("storeId"));
            if (rental.isPresent()) {
                // the count's own condition skips a payment counted already; no need to read it first
                count(Items.key(partition, FilmsKeys.payment(paymentId)), event.amount().amount(),
                        intOf(rental.get(), "storeId"), intOf(rental.get(), "filmId"));
            }
        }
        return applied;
    }

    /** Adds the payment to its store's and film's total, unless it has been added already. */
    private void count(Map<String, AttributeValue> paymentKey, BigDecimal amount, int storeId, int filmId) {
        TransactWriteItem flag = TransactWriteItem.builder().update(Update.builder()
                .tableName(table.name())
                .key(paymentKey)
                .updateExpression("SET counted = :true")
                .conditionExpression("attribute_exists(PK) AND (attribute_not_exists(counted) OR counted = :false)")
                .expressionAttributeValues(Map.of(":true", Items.bool(true), ":false", Items.bool(false)))
                .build()).build();
        TransactWriteItem add = TransactWriteItem.builder().update(Update.builder()
                .tableName(table.name())
                .key(Items.key(FilmsKeys.SALES, FilmsKeys.salesOf(storeId, filmId)))
                .updateExpression("SET #type = :type, storeId = :store, filmId = :film ADD #total :amount, payments :one")
                .expressionAttributeNames(Map.of("#type", "type", "#total", "total"))
                .expressionAttributeValues(Map.of(":type", s("SALES"), ":store", n(storeId), ":film", n(filmId),
                        ":amount", n(amount), ":one", n(1)))
                .build()).build();
        for (int attempt = 1; ; attempt++) {
            try {
                table.client().transactWriteItems(request -> request.transactItems(flag, add));
                return;
            } catch (TransactionCanceledException cancelled) {
                List<CancellationReason> reasons = cancelled.cancellationReasons();
                if (!reasons.isEmpty() && "ConditionalCheckFailed".equals(reasons.get(0).code())) {
                    return; // counted already, by a redelivery or by the other side of the join
                }
                if (attempt >= CONFLICT_RETRIES) {
                    throw cancelled;
                }
                pause(attempt);
            }
        }
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

    private static void pause(int attempt) {
        try {
            Thread.sleep(5L * attempt);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while counting a payment", e);
        }
    }
}
