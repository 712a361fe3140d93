package dev.pagila.query.sales;

import dev.pagila.infra.dynamodb.FilmsTable;
import dev.pagila.kernel.sales.FilmRentedEvent;
import dev.pagila.kernel.sales.RentalReturnedEvent;
import dev.pagila.query.table.FilmsKeys;
import dev.pagila.query.table.ItemKey;
import dev.pagila.query.table.ItemKind;
import software.amazon.awssdk.enhanced.dynamodb.EnhancedType;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A rental ({@code RENTAL#r / #META}) on the terms it was made, and its return; listed in its customer's history
 * through GSI1 ({@code CUSTOMER#c}, by time). A payment projected before its rental is noted here, not yet counted
 * in the sales totals (payment id → amount), until the rental comes and counts it.
 */
public final class RentalItem {

    public static final ItemKind<RentalItem> KIND = ItemKind.of("RENTAL", RentalItem.class, RentalItem::new, schema -> schema
            .addAttribute(Integer.class, a -> a.name("rentalId").getter(r -> r.rentalId).setter((r, v) -> r.rentalId = v))
            .addAttribute(Integer.class, a -> a.name("copyId").getter(r -> r.copyId).setter((r, v) -> r.copyId = v))
            .addAttribute(Integer.class, a -> a.name("filmId").getter(r -> r.filmId).setter((r, v) -> r.filmId = v))
            .addAttribute(Integer.class, a -> a.name("storeId").getter(r -> r.storeId).setter((r, v) -> r.storeId = v))
            .addAttribute(Integer.class, a -> a.name("customerId").getter(r -> r.customerId).setter((r, v) -> r.customerId = v))
            .addAttribute(Integer.class, a -> a.name("staffId").getter(r -> r.staffId).setter((r, v) -> r.staffId = v))
            .addAttribute(Instant.class, a -> a.name("rentedAt").getter(r -> r.rentedAt).setter((r, v) -> r.rentedAt = v))
            .addAttribute(Instant.class, a -> a.name("dueAt").getter(r -> r.dueAt).setter((r, v) -> r.dueAt = v))
            .addAttribute(BigDecimal.class, a -> a.name("rentalRate").getter(r -> r.rentalRate).setter((r, v) -> r.rentalRate = v))
            .addAttribute(Integer.class, a -> a.name("rentalDuration").getter(r -> r.rentalDuration).setter((r, v) -> r.rentalDuration = v))
            .addAttribute(Instant.class, a -> a.name("returnedAt").getter(r -> r.returnedAt).setter((r, v) -> r.returnedAt = v))
            .addAttribute(Integer.class, a -> a.name("lateDays").getter(r -> r.lateDays).setter((r, v) -> r.lateDays = v))
            .addAttribute(BigDecimal.class, a -> a.name("lateFee").getter(r -> r.lateFee).setter((r, v) -> r.lateFee = v))
            .addAttribute(EnhancedType.mapOf(String.class, BigDecimal.class), a -> a.name("uncountedPayments")
                    .getter(r -> r.uncountedPayments.isEmpty() ? null : r.uncountedPayments)
                    .setter((r, v) -> r.uncountedPayments = new HashMap<>(v)))
            .addAttribute(String.class, ItemKind.derived(FilmsTable.GSI1_PK, r -> r.rented() ? FilmsKeys.customer(r.customerId) : null))
            .addAttribute(String.class, ItemKind.derived(FilmsTable.GSI1_SK,
                    r -> r.rented() ? FilmsKeys.rentalByTime(r.rentedAt.toString(), r.rentalId) : null)));

    private Integer rentalId;
    private Integer copyId;
    private Integer filmId;
    private Integer storeId;
    private Integer customerId;
    private Integer staffId;
    private Instant rentedAt;
    private Instant dueAt;
    private BigDecimal rentalRate;
    private Integer rentalDuration;
    private Instant returnedAt;
    private Integer lateDays;
    private BigDecimal lateFee;
    private Map<String, BigDecimal> uncountedPayments = new HashMap<>();

    public static ItemKey key(int rentalId) {
        return new ItemKey(FilmsKeys.rental(rentalId), FilmsKeys.META);
    }

    /** Records the rental; the payments noted before it are counted now, so they are no longer noted. */
    void rent(FilmRentedEvent event) {
        rentalId = event.rentalId().value();
        copyId = event.inventoryId().value();
        filmId = event.filmId().value();
        storeId = event.storeId().value();
        customerId = event.customerId().value();
        staffId = event.staffId().value();
        rentedAt = event.rentedAt();
        dueAt = event.dueAt();
        rentalRate = event.rentalRate().amount();
        rentalDuration = event.rentalDuration();
        uncountedPayments.clear();
    }

    void returned(RentalReturnedEvent event) {
        returnedAt = event.returnedAt();
        lateDays = event.lateDays();
        lateFee = event.lateFee().amount();
    }

    void notePayment(int paymentId, BigDecimal amount) {
        uncountedPayments.put(String.valueOf(paymentId), amount);
    }

    /** Whether the rental itself has been projected (a payment or a return may come first). */
    public boolean rented() {
        return customerId != null && rentedAt != null;
    }

    /** Amounts of the payments noted before the rental came. */
    public List<BigDecimal> uncountedPayments() {
        return List.copyOf(uncountedPayments.values());
    }

    public Integer rentalId() {
        return rentalId;
    }

    public Integer copyId() {
        return copyId;
    }

    public Integer filmId() {
        return filmId;
    }

    public Integer storeId() {
        return storeId;
    }

    public Instant rentedAt() {
        return rentedAt;
    }

    public Instant dueAt() {
        return dueAt;
    }

    /** The rate the rental was made at; null for a rental projected before rentals carried their terms. */
    public BigDecimal rentalRate() {
        return rentalRate == null ? null : rentalRate.setScale(2);
    }

    public Instant returnedAt() {
        return returnedAt;
    }

    public Integer lateDays() {
        return lateDays;
    }

    /** The late fee once returned; null before. */
    public BigDecimal lateFee() {
        return lateFee == null ? null : lateFee.setScale(2);
    }
}
