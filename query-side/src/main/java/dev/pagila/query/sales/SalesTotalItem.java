package dev.pagila.query.sales;

import dev.pagila.query.table.FilmsKeys;
import dev.pagila.query.table.ItemKey;
import dev.pagila.query.table.ItemKind;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.math.BigDecimal;
import java.util.Map;

/**
 * The sales of one film in one store ({@code SALES / STORE#s#FILM#f}): their total and how many payments made it.
 * Several segments add to one total at once, so it is never written whole: each payment adds to it with an
 * {@code ADD} (see {@link dev.pagila.query.table.ItemBatch#increment}).
 */
public final class SalesTotalItem {

    static final String TOTAL = "total";
    static final String PAYMENTS = "payments";

    public static final ItemKind<SalesTotalItem> KIND = ItemKind.of("SALES", SalesTotalItem.class, SalesTotalItem::new, schema -> schema
            .addAttribute(Integer.class, a -> a.name("storeId").getter(t -> t.storeId).setter((t, v) -> t.storeId = v))
            .addAttribute(Integer.class, a -> a.name("filmId").getter(t -> t.filmId).setter((t, v) -> t.filmId = v))
            .addAttribute(BigDecimal.class, a -> a.name(TOTAL).getter(t -> t.total).setter((t, v) -> t.total = v))
            .addAttribute(Integer.class, a -> a.name(PAYMENTS).getter(t -> t.payments).setter((t, v) -> t.payments = v)));

    private Integer storeId;
    private Integer filmId;
    private BigDecimal total;
    private Integer payments;

    public static ItemKey key(int storeId, int filmId) {
        return new ItemKey(FilmsKeys.SALES, FilmsKeys.salesOf(storeId, filmId));
    }

    /** What a total is labelled with, set by the first payment that adds to it. */
    static Map<String, AttributeValue> labels(int storeId, int filmId) {
        SalesTotalItem labels = new SalesTotalItem();
        labels.storeId = storeId;
        labels.filmId = filmId;
        return KIND.attributesOf(labels);
    }

    /** What one payment of {@code amount} adds. */
    static Map<String, BigDecimal> payment(BigDecimal amount) {
        return Map.of(TOTAL, amount, PAYMENTS, BigDecimal.ONE);
    }

    public Integer storeId() {
        return storeId;
    }

    public Integer filmId() {
        return filmId;
    }

    public BigDecimal total() {
        return total == null ? BigDecimal.ZERO.setScale(2) : total.setScale(2);
    }

    public int payments() {
        return payments == null ? 0 : payments;
    }
}
