package dev.pagila.query.sales;

import dev.pagila.infra.dynamodb.FilmsTable;
import dev.pagila.kernel.sales.PaymentTakenEvent;
import dev.pagila.query.table.FilmsKeys;
import dev.pagila.query.table.ItemKey;
import dev.pagila.query.table.ItemKind;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;

/**
 * A payment, beside its rental ({@code RENTAL#r / PAYMENT#p}; alone, {@code PAYMENT#p / PAYMENT#p}, when it is for no
 * rental). Listed in its customer's history through GSI1 ({@code CUSTOMER#c}, by time) and in the month it was
 * taken through GSI2 ({@code PAYMENTS#yyyy-mm}), the month decided in the business zone when it was projected.
 */
public final class PaymentItem {

    public static final ItemKind<PaymentItem> KIND = ItemKind.of("PAYMENT", PaymentItem.class, PaymentItem::new, schema -> schema
            .addAttribute(Integer.class, a -> a.name("paymentId").getter(p -> p.paymentId).setter((p, v) -> p.paymentId = v))
            .addAttribute(Integer.class, a -> a.name("customerId").getter(p -> p.customerId).setter((p, v) -> p.customerId = v))
            .addAttribute(Integer.class, a -> a.name("staffId").getter(p -> p.staffId).setter((p, v) -> p.staffId = v))
            .addAttribute(Integer.class, a -> a.name("rentalId").getter(p -> p.rentalId).setter((p, v) -> p.rentalId = v))
            .addAttribute(BigDecimal.class, a -> a.name("amount").getter(p -> p.amount).setter((p, v) -> p.amount = v))
            .addAttribute(Instant.class, a -> a.name("paidAt").getter(p -> p.paidAt).setter((p, v) -> p.paidAt = v))
            .addAttribute(String.class, ItemKind.derived(FilmsTable.GSI1_PK, p -> FilmsKeys.customer(p.customerId)))
            .addAttribute(String.class, ItemKind.derived(FilmsTable.GSI1_SK,
                    p -> FilmsKeys.paymentByTime(p.paidAt.toString(), p.paymentId)))
            .addAttribute(String.class, a -> a.name(FilmsTable.GSI2_PK).getter(p -> p.month).setter((p, v) -> p.month = v))
            .addAttribute(String.class, ItemKind.derived(FilmsTable.GSI2_SK,
                    p -> FilmsKeys.customer(p.customerId) + "#" + FilmsKeys.padded(p.paymentId))));

    private Integer paymentId;
    private Integer customerId;
    private Integer staffId;
    private Integer rentalId;
    private BigDecimal amount;
    private Instant paidAt;
    private String month;

    /** A payment sits beside its rental; one without a rental counts in no sales report and sits alone. */
    public static ItemKey key(Integer rentalId, int paymentId) {
        return new ItemKey(rentalId == null ? FilmsKeys.payment(paymentId) : FilmsKeys.rental(rentalId), FilmsKeys.payment(paymentId));
    }

    /** @param zone the business zone, in which a payment's month is decided */
    void take(PaymentTakenEvent event, ZoneId zone) {
        paymentId = event.paymentId().value();
        customerId = event.customerId().value();
        staffId = event.staffId().value();
        rentalId = event.rentalId() == null ? null : event.rentalId().value();
        amount = event.amount().amount();
        paidAt = event.paidAt();
        month = FilmsKeys.paymentsIn(YearMonth.from(paidAt.atZone(zone)));
    }

    public Integer paymentId() {
        return paymentId;
    }

    public Integer customerId() {
        return customerId;
    }

    public BigDecimal amount() {
        return amount.setScale(2);
    }

    public Instant paidAt() {
        return paidAt;
    }
}
