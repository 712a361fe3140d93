package dev.pagila.query.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pagila.query.cache.CachedJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import dev.pagila.infra.dynamodb.FilmsKeys;
import dev.pagila.infra.dynamodb.FilmsTable;
import dev.pagila.query.cache.VersionedCache;
import dev.pagila.query.catalog.CatalogQueries;
import dev.pagila.query.catalog.FilmFilter;
import dev.pagila.query.catalog.FilmQueries;
import dev.pagila.query.customers.CustomerQueries;
import dev.pagila.query.inventory.InventoryQueries;
import dev.pagila.query.sales.SalesReports;
import dev.pagila.query.catalog.FilmItem;
import dev.pagila.query.table.ReadModelTable;
import org.springframework.stereotype.Service;

/** Flushes the Redis cache, or warms it by asking every hot question once (answers come from DynamoDB). */
@Service
public class CacheAdmin {

    private static final int PAGE = 100;

    private final VersionedCache cache;
    private final ReadModelTable table;
    private final FilmQueries films;
    private final CatalogQueries catalog;
    private final CustomerQueries customers;
    private final InventoryQueries inventory;
    private final SalesReports reports;
    private final ObjectMapper json;

    public CacheAdmin(VersionedCache cache, ReadModelTable table, FilmQueries films, CatalogQueries catalog,
                      CustomerQueries customers, InventoryQueries inventory, SalesReports reports, ObjectMapper json) {
        this.json = json;
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

    public record Warmed(int films, int pages) {
    }

    public Flushed flush() {
        return new Flushed(cache.flush());
    }

    /** Film details of every film, every page of the film lists, actors and customers, and the reports. */
    public Warmed warm() {
        int filmCount = 0;
        for (FilmItem film : table.indexPartition(FilmItem.KIND, FilmsTable.GSI2, FilmsKeys.FILMS)) {
            films.findJson(film.filmId());
            filmCount++;
        }
        int pages = 0;
        FilmFilter everything = new FilmFilter(null, null, null, null);
        for (boolean nicer : new boolean[] {false, true}) {
            String cursor = null;
            do {
                cursor = nextOf(catalog.filmList(everything, nicer, PAGE, cursor));
                pages++;
            } while (cursor != null);
        }
        String cursor = null;
        do {
            cursor = nextOf(catalog.actors(PAGE, cursor));
            pages++;
        } while (cursor != null);
        do {
            cursor = nextOf(customers.customerList(PAGE, cursor));
            pages++;
        } while (cursor != null);
        catalog.categories();
        inventory.staffList();
        reports.salesByStore();
        reports.salesByFilmCategory();
        return new Warmed(filmCount, pages + 4);
    }

    private String nextOf(CachedJson page) {
        try {
            JsonNode next = json.readTree(page.text()).get("next");
            return next == null || next.isNull() ? null : next.asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
