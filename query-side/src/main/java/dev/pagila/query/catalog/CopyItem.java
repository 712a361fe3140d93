package dev.pagila.query.catalog;

import dev.pagila.infra.dynamodb.FilmsTable;
import dev.pagila.query.table.FilmsKeys;
import dev.pagila.query.table.ItemKey;
import dev.pagila.query.table.ItemKind;
import software.amazon.awssdk.enhanced.dynamodb.EnhancedType;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A physical copy ({@code FILM#f / COPY#c}): written by the inventory's projection into its film's partition, so
 * that one Query answers a film with its stock; GSI2 ({@code COPY#c}) finds it by copy id. It keeps its open rentals
 * (rental id → customer id): Pagila's history rented some copies again without a return, and a copy is on the
 * shelf only when none is open.
 */
public final class CopyItem {

    public static final ItemKind<CopyItem> KIND = ItemKind.of("COPY", CopyItem.class, CopyItem::new, schema -> schema
            .addAttribute(Integer.class, a -> a.name("copyId").getter(copy -> copy.copyId).setter((copy, v) -> copy.copyId = v))
            .addAttribute(Integer.class, a -> a.name("filmId").getter(copy -> copy.filmId).setter((copy, v) -> copy.filmId = v))
            .addAttribute(Integer.class, a -> a.name("storeId").getter(copy -> copy.storeId).setter((copy, v) -> copy.storeId = v))
            .addAttribute(Boolean.class, a -> a.name("retired").getter(copy -> copy.retired).setter((copy, v) -> copy.retired = v))
            .addAttribute(EnhancedType.mapOf(String.class, Integer.class), a -> a.name("openRentals")
                    .getter(copy -> copy.openRentals).setter((copy, v) -> copy.openRentals = new HashMap<>(v)))
            .addAttribute(String.class, ItemKind.derived(FilmsTable.GSI2_PK,
                    copy -> copy.copyId == null ? null : FilmsKeys.copy(copy.copyId)))
            .addAttribute(String.class, ItemKind.derived(FilmsTable.GSI2_SK,
                    copy -> copy.copyId == null ? null : FilmsKeys.film(copy.filmId))));

    private Integer copyId;
    private Integer filmId;
    private Integer storeId;
    private Boolean retired;
    private Map<String, Integer> openRentals = new HashMap<>();

    public static ItemKey key(int filmId, int copyId) {
        return new ItemKey(FilmsKeys.film(filmId), FilmsKeys.copy(copyId));
    }

    public void add(int copy, int film, int store) {
        copyId = copy;
        filmId = film;
        storeId = store;
        retired = false;
    }

    public void retire() {
        retired = true;
    }

    public void rentOut(int rentalId, int customerId) {
        openRentals.put(String.valueOf(rentalId), customerId);
    }

    public void takeBack(int rentalId) {
        openRentals.remove(String.valueOf(rentalId));
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

    /** The copy as its film shows it; empty when it is retired or not added yet (a rental's event came first). */
    public Optional<FilmView.Copy> inCirculation() {
        if (copyId == null || Boolean.TRUE.equals(retired)) {
            return Optional.empty();
        }
        Integer holder = openRentals.entrySet().stream()
                .min(Map.Entry.comparingByKey((a, b) -> Integer.compare(Integer.parseInt(a), Integer.parseInt(b))))
                .map(Map.Entry::getValue).orElse(null);
        return Optional.of(new FilmView.Copy(copyId, storeId, openRentals.isEmpty(), holder));
    }
}
