package dev.pagila.query.sales;

import dev.pagila.query.cache.CacheKeys;
import dev.pagila.query.cache.CachedJson;
import dev.pagila.query.cache.VersionedCache;
import dev.pagila.query.cache.VersionedCache.Slot;
import dev.pagila.query.catalog.FilmItem;
import dev.pagila.query.customers.CustomerTable;
import dev.pagila.query.inventory.InventoryTable;
import dev.pagila.query.inventory.StaffItem;
import dev.pagila.query.inventory.StoreItem;
import dev.pagila.query.table.ReadModelTable;
import dev.pagila.query.web.Listing;
import org.springframework.stereotype.Service;

import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** Pagila's reports: sales by store, sales by film category, the monthly rewards report. */
@Service
public class SalesReports {

    private final SalesTable sales;
    private final InventoryTable inventory;
    private final CustomerTable customers;
    private final ReadModelTable table;
    private final VersionedCache cache;

    public SalesReports(SalesTable sales, InventoryTable inventory, CustomerTable customers, ReadModelTable table,
                        VersionedCache cache) {
        this.sales = sales;
        this.inventory = inventory;
        this.customers = customers;
        this.table = table;
        this.cache = cache;
    }

    /** Totals per store, ordered by country then city like the view; stores without sales are left out. */
    public CachedJson<Listing<StoreSales>> salesByStore() {
        return cache.readThroughJson(Slot.in(CacheKeys.SALES, "by-store-listing"), () -> {
            Map<Integer, BigDecimal> totals = new TreeMap<>();
            for (SalesTotalItem total : sales.salesTotals()) {
                totals.merge(total.storeId(), total.total(), BigDecimal::add);
            }
            Map<Integer, StaffItem> staff = inventory.staff().stream().collect(Collectors.toMap(StaffItem::staffId, member -> member));
            List<StoreItem> stores = new ArrayList<>();
            for (int storeId : totals.keySet()) {
                inventory.store(storeId).ifPresent(stores::add);
            }
            stores.sort(Comparator.<StoreItem, String>comparing(store -> store.address().country())
                    .thenComparing(store -> store.address().city()));
            List<StoreSales> rows = new ArrayList<>();
            for (StoreItem store : stores) {
                StaffItem manager = staff.get(store.managerStaffId());
                if (manager == null) {
                    continue; // the view joins the manager: a store whose manager is unknown yet is not shown
                }
                rows.add(new StoreSales(store.storeId(), store.address().city() + "," + store.address().country(),
                        manager.fullName(), totals.get(store.storeId())));
            }
            return Optional.of(new Listing<>(rows));
        }).orElseThrow();
    }

    /** Totals per category name, highest first; a film in several categories counts in each, as in the view. */
    public CachedJson<Listing<CategorySales>> salesByFilmCategory() {
        return cache.readThroughJson(Slot.in(CacheKeys.SALES, "by-film-category-listing"), () -> {
            Map<Integer, BigDecimal> byFilm = new HashMap<>();
            for (SalesTotalItem total : sales.salesTotals()) {
                byFilm.merge(total.filmId(), total.total(), BigDecimal::add);
            }
            Map<String, BigDecimal> byCategory = new TreeMap<>();
            for (FilmItem film : table.getAll(FilmItem.KIND, byFilm.keySet().stream().map(FilmItem::key).toList())) {
                for (String category : film.categories().values()) {
                    byCategory.merge(category, byFilm.get(film.filmId()), BigDecimal::add);
                }
            }
            return Optional.of(new Listing<>(byCategory.entrySet().stream()
                    .map(entry -> new CategorySales(entry.getKey(), entry.getValue()))
                    .sorted(Comparator.comparing(CategorySales::totalSales).reversed().thenComparing(CategorySales::category))
                    .toList()));
        }).orElseThrow();
    }

    /**
     * Pagila's {@code rewards_report} for one month: customers with more than {@code minPurchases} payments
     * totalling more than {@code minAmount} in that month (in the business zone), by customer id.
     */
    public CachedJson<Listing<RewardRow>> rewards(YearMonth month, int minPurchases, BigDecimal minAmount) {
        String question = "rewards-listing:" + month + ":" + minPurchases + ":" + minAmount.toPlainString();
        return cache.readThroughJson(Slot.in(CacheKeys.SALES, question), () -> {
            Map<Integer, BigDecimal> amounts = new TreeMap<>();
            Map<Integer, Integer> counts = new HashMap<>();
            for (PaymentItem payment : sales.paymentsIn(month)) {
                amounts.merge(payment.customerId(), payment.amount(), BigDecimal::add);
                counts.merge(payment.customerId(), 1, Integer::sum);
            }
            List<Integer> rewarded = amounts.keySet().stream()
                    .filter(id -> counts.get(id) > minPurchases && amounts.get(id).compareTo(minAmount) > 0).toList();
            return Optional.of(new Listing<>(customers.customers(rewarded).stream()
                    .map(customer -> new RewardRow(customer.customerId(), customer.firstName(), customer.lastName(),
                            customer.email(), customer.storeId(), customer.active(), counts.get(customer.customerId()),
                            amounts.get(customer.customerId())))
                    .sorted(Comparator.comparingInt(RewardRow::customerId)).toList()));
        }).orElseThrow();
    }
}
