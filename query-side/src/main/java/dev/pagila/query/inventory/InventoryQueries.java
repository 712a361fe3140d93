package dev.pagila.query.inventory;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pagila.kernel.shared.Address;
import dev.pagila.query.cache.CacheKeys;
import dev.pagila.query.cache.CachedJson;
import dev.pagila.query.cache.VersionedCache;
import dev.pagila.query.cache.VersionedCache.Slot;
import dev.pagila.query.catalog.FilmQueries;
import dev.pagila.query.catalog.FilmView;
import dev.pagila.query.web.Listing;
import org.springframework.stereotype.Service;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** Stock questions: a copy, a film's copies in a store, the staff list. */
@Service
public class InventoryQueries {

    private final InventoryTable inventory;
    private final FilmQueries films;
    private final VersionedCache cache;
    private final ObjectMapper json;

    public InventoryQueries(InventoryTable inventory, FilmQueries films, VersionedCache cache, ObjectMapper json) {
        this.inventory = inventory;
        this.films = films;
        this.cache = cache;
        this.json = json;
    }

    public Optional<CopyView> copy(int copyId) {
        return inventory.copy(copyId).map(copy -> {
            Optional<FilmView.Copy> inCirculation = copy.inCirculation();
            return new CopyView(copyId, copy.filmId(), copy.storeId(),
                    inCirculation.map(FilmView.Copy::inStock).orElse(false),
                    inCirculation.map(FilmView.Copy::heldByCustomerId).orElse(null),
                    inCirculation.isEmpty());
        });
    }

    /**
     * The film's copies in the store that are on the shelf ({@code inStock}) or out. Empty when the film is
     * unknown; read from the film's cached answer, which every change of its stock retires.
     */
    public Optional<CachedJson<FilmStock>> filmStock(int filmId, int storeId, boolean inStock) {
        return cache.readThroughJson(Slot.filmStock(filmId, storeId, inStock), () -> films.find(filmId).map(film -> {
            List<Integer> copies = film.copies().stream()
                    .filter(copy -> copy.storeId() == storeId && copy.inStock() == inStock)
                    .map(FilmView.Copy::copyId).sorted().toList();
            return new FilmStock(filmId, storeId, copies, copies.size());
        }));
    }

    /** Whether the store is known, from the cached list of stores (a stock question asks it every time). */
    public boolean storeExists(int storeId) {
        return storeIds().contains(storeId);
    }

    /** Every store, from the cache. */
    public List<Integer> storeIds() {
        return cache.readThrough(Slot.in(CacheKeys.PEOPLE, "stores"),
                json.getTypeFactory().constructCollectionType(List.class, Integer.class),
                () -> Optional.of(inventory.stores().stream().map(StoreItem::storeId).sorted().toList()))
                .orElseThrow();
    }

    /** Pagila's {@code staff_list}. */
    public CachedJson<Listing<StaffRow>> staffList() {
        return cache.readThroughJson(Slot.in(CacheKeys.PEOPLE, "staff-listing"),
                () -> Optional.of(new Listing<>(inventory.staff().stream().map(InventoryQueries::staffRow)
                        .sorted(Comparator.comparingInt(StaffRow::id)).toList()))).orElseThrow();
    }

    private static StaffRow staffRow(StaffItem staff) {
        Address address = staff.address();
        return new StaffRow(staff.staffId(), staff.fullName(), address.address(), address.postalCode(), address.phone(),
                address.city(), address.country(), staff.storeId());
    }
}
