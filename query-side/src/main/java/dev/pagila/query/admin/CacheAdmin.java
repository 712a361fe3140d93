package dev.pagila.query.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pagila.infra.dynamodb.FilmsTable;
import dev.pagila.query.cache.CachedJson;
import dev.pagila.query.cache.VersionedCache;
import dev.pagila.query.catalog.CatalogQueries;
import dev.pagila.query.catalog.FilmFilter;
import dev.pagila.query.catalog.FilmItem;
import dev.pagila.query.catalog.FilmQueries;
import dev.pagila.query.customers.CustomerItem;
import dev.pagila.query.customers.CustomerQueries;
import dev.pagila.query.customers.CustomerTable;
import dev.pagila.query.inventory.InventoryQueries;
import dev.pagila.query.sales.CustomerAccounts;
import dev.pagila.query.sales.SalesReports;
import dev.pagila.query.table.FilmsKeys;
import dev.pagila.query.table.Page;
import dev.pagila.query.table.ReadModelTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/** Flushes the Redis cache, or warms it by asking every hot question once (answers come from DynamoDB). */
@Service
public class CacheAdmin {

    /** The API's default page size: the pages warmed are the pages clients ask for. */
    private static final int PAGE = 50;
    private static final int LOADERS = 8;

    private final VersionedCache cache;
    private final ReadModelTable table;
    private final FilmQueries films;
    private final CatalogQueries catalog;
    private final CustomerQueries customers;
    private final InventoryQueries inventory;
    private final SalesReports reports;
    private final ObjectMapper json;
    private final CustomerTable customerTable;
    private final CustomerAccounts accounts;
    private final Clock clock;

    public CacheAdmin(VersionedCache cache, ReadModelTable table, FilmQueries films, CatalogQueries catalog,
                      CustomerQueries customers, InventoryQueries inventory, SalesReports reports, ObjectMapper json,
                      CustomerTable customerTable, CustomerAccounts accounts, Clock clock) {
        this.json = json;
        this.customerTable = customerTable;
        this.accounts = accounts;
        this.clock = clock;
        this.cache = cache;
        this.table = table;
        this.films = films;
        this.catalog = catalog;
        this.customers = customers;
        this.inventory = inventory;
        this.reports = reports;
    }

    public record Flushed(long keys) {
    }

    public record Warmed(int films, int pages, int accounts) {
    }

    public Flushed flush() {
        return new Flushed(cache.flush());
    }

    /**
     * Film details and stock of every film, every page of the film lists (all, and each category's), actors and
     * customers, the reports and every customer's account. The questions are independent and each waits on DynamoDB,
     * so they are asked {@value #LOADERS} at a time.
     */
    public Warmed warm() {
        return warm(filmIds(), customerIds());
    }

    /** The same, for films and customers the caller has listed already. */
    public Warmed warm(List<Integer> filmIds, List<Integer> customerIds) {
        Instant now = clock.instant();
        List<Integer> stores = inventory.storeIds();
        List<Callable<Integer>> questions = new ArrayList<>();
        for (int film : filmIds) {
            questions.add(() -> {
                films.findJson(film);
                stores.forEach(store -> inventory.filmStock(film, store, true));
                return 0;
            });
        }
        customerIds.forEach(customer -> questions.add(() -> {
            accounts.balance(customer, now);
            return 0;
        }));
        FilmFilter everything = new FilmFilter(null, null, null, null);
        questions.add(() -> pagesOf(cursor -> catalog.filmList(everything, false, PAGE, cursor)));
        questions.add(() -> pagesOf(cursor -> catalog.filmList(everything, true, PAGE, cursor)));
        for (int category : categoryIds()) {
            questions.add(() -> pagesOf(cursor -> catalog.filmList(new FilmFilter(category, null, null, null), false, PAGE, cursor)));
        }
        questions.add(() -> pagesOf(cursor -> catalog.actors(PAGE, cursor)));
        questions.add(() -> pagesOf(cursor -> customers.customerList(PAGE, cursor)));
        questions.add(() -> {
            inventory.staffList();
            reports.salesByStore();
            reports.salesByFilmCategory();
            return 3;
        });
        ExecutorService loaders = Executors.newFixedThreadPool(LOADERS);
        try {
            int pages = 0;
            for (Future<Integer> answered : loaders.invokeAll(questions)) {
                pages += answered.get();
            }
            return new Warmed(filmIds.size(), pages, customerIds.size());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while warming the cache", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("warming the cache failed: " + e.getCause(), e.getCause());
        } finally {
            loaders.shutdownNow();
        }
    }

    /** Asks every page of a listing; returns how many there were. */
    private int pagesOf(Function<String, CachedJson<?>> page) {
        int pages = 0;
        String cursor = null;
        do {
            cursor = nextOf(page.apply(cursor));
            pages++;
        } while (cursor != null);
        return pages;
    }

    private List<Integer> categoryIds() {
        return idsIn(catalog.categories(), "categoryId");
    }

    /** Every film the catalogue lists. */
    public List<Integer> filmIds() {
        return table.indexPartition(FilmItem.KIND, FilmsTable.GSI2, FilmsKeys.FILMS).stream().map(FilmItem::filmId).toList();
    }

    /** Every customer the customer list shows. */
    public List<Integer> customerIds() {
        List<Integer> ids = new ArrayList<>();
        String cursor = null;
        do {
            Page<CustomerItem> page = customerTable.page(PAGE, cursor);
            page.items().forEach(customer -> ids.add(customer.customerId()));
            cursor = page.next();
        } while (cursor != null);
        return ids;
    }

    private List<Integer> idsIn(CachedJson<?> listing, String field) {
        try {
            List<Integer> ids = new ArrayList<>();
            json.readTree(listing.text()).get("items").forEach(item -> ids.add(item.get(field).asInt()));
            return ids;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String nextOf(CachedJson<?> page) {
        try {
            JsonNode next = json.readTree(page.text()).get("next");
            return next == null || next.isNull() ? null : next.asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
