package dev.pagila.parity;

import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The catalogue and the stock: film_list and nicer_but_slower_film_list (whole, paged small, filtered), the film
 * detail from Redis and from DynamoDB, film_in_stock and film_not_in_stock, inventory_in_stock with
 * inventory_held_by_customer, actor_info, and the films of every actor and category.
 */
final class CatalogChecks {

    private static final String FILM_LIST_COLUMNS =
            "SELECT fl.fid, fl.title, fl.description, fl.category, fl.price, fl.length, fl.rating::text AS rating, fl.actors FROM ";

    /** Small enough that Pagila's 997 rows take a few dozen pages, odd so pages never line up with anything. */
    private static final int SMALL_PAGE = 37;

    private final ParityContext context;
    private final Legacy legacy;
    private final QueryApi api;
    private List<Copy> copies;

    CatalogChecks(ParityContext context) {
        this.context = context;
        this.legacy = context.legacy();
        this.api = context.api();
    }

    record FilmListRow(int fid, String title, String description, String category, BigDecimal price, Integer length,
                       String rating, String actors) {

        String key() {
            return "fid " + fid + " / " + category;
        }

        static FilmListRow read(ResultSet row) throws SQLException {
            return new FilmListRow(row.getInt("fid"), row.getString("title"), row.getString("description"),
                    row.getString("category"), row.getBigDecimal("price"), Legacy.integer(row, "length"),
                    row.getString("rating"), row.getString("actors"));
        }
    }

    record Film(int filmId, String title, String description, Integer releaseYear, int languageId,
                Integer originalLanguageId, int rentalDuration, BigDecimal rentalRate, Integer length,
                BigDecimal replacementCost, String rating, List<String> specialFeatures) {
    }

    /** A copy as inventory_in_stock and inventory_held_by_customer see it, with everyone holding it open. */
    record Copy(int copyId, int filmId, int storeId, boolean inStock, Integer heldBy, List<Integer> openHolders) {

        /** inventory_held_by_customer picks any of several open rentals, so any of their customers is right. */
        boolean heldByMatches(Object answered) {
            return answered instanceof Long customer && openHolders.size() > 1 ? openHolders.contains(customer.intValue())
                    : Objects.equals(heldBy == null ? null : heldBy.longValue(), answered);
        }
    }

    record StockRow(int filmId, int storeId, List<Long> copyIds) {
    }

    record Filter(String label, String parameter, String value, String where, Object sqlValue) {
    }

    record ActorRow(int actorId, String firstName, String lastName, String filmInfo) {
    }

    void run() {
        Map<String, JsonNode> filmList = filmList("film_list", "/api/films");
        filmList("nicer_but_slower_film_list", "/api/films/nicer");
        paging(filmList);
        List<Filter> filters = filters();
        filtered("film_list", "/api/films", filters);
        filtered("nicer_but_slower_film_list", "/api/films/nicer", filters);
        filmDetails("film detail", false);
        filmDetails("film detail (no-cache)", true);
        stock("film_in_stock", "in-stock");
        stock("film_not_in_stock", "not-in-stock");
        inventory();
        actors();
        filmsOf("films of actor", "SELECT actor_id FROM actor ORDER BY 1",
                "SELECT fa.actor_id AS owner, f.film_id || ' ' || f.title AS entry FROM film_actor fa JOIN film f ON f.film_id = fa.film_id",
                "/api/actors/%d/films", "actor ");
        filmsOf("films of category", "SELECT category_id FROM category ORDER BY 1",
                "SELECT fc.category_id AS owner, f.film_id || ' ' || f.title AS entry FROM film_category fc JOIN film f ON f.film_id = fc.film_id",
                "/api/categories/%d/films", "category ");
    }

    /** The whole view against every page of the list; returns the answered rows by key for the paging check. */
    private Map<String, JsonNode> filmList(String view, String path) {
        ViewCheck check = context.start(view);
        Map<String, FilmListRow> expected = byKey(legacy.list(FILM_LIST_COLUMNS + view + " fl", FilmListRow::read),
                FilmListRow::key);
        List<JsonNode> answered = context.itemsOrNull(check, path, QueryApi.MAX_PAGE);
        if (answered == null) {
            return null;
        }
        context.compareKeyed(check, expected, answered, CatalogChecks::filmListKey, CatalogChecks::compareFilmListRow);
        Map<String, JsonNode> rows = new LinkedHashMap<>();
        answered.forEach(row -> rows.putIfAbsent(filmListKey(row), row));
        return rows;
    }

    /** Small pages must add up to what large pages answered: cursors neither skip nor repeat rows. */
    private void paging(Map<String, JsonNode> largePages) {
        ViewCheck check = context.start("film_list paging");
        if (largePages == null) {
            check.mismatch("not compared: the film list itself could not be read");
            return;
        }
        List<JsonNode> smallPages = context.itemsOrNull(check, "/api/films", SMALL_PAGE);
        if (smallPages != null) {
            check.note("pages of " + SMALL_PAGE + " compared with pages of " + QueryApi.MAX_PAGE);
            context.compareKeyed(check, largePages, smallPages, CatalogChecks::filmListKey,
                    (expected, actual, diff) -> diff.same("row", expected, actual));
        }
    }

    private List<Filter> filters() {
        List<Filter> filters = new ArrayList<>();
        for (int category : ids("SELECT category_id FROM category ORDER BY 1")) {
            filters.add(new Filter("category=" + category, "category", Integer.toString(category),
                    "fl.category = (SELECT name FROM category WHERE category_id = ?)", category));
        }
        // every twentieth actor: enough to catch a wrong join without a call per actor
        for (int actor : ids("SELECT actor_id FROM actor WHERE actor_id % 20 = 1 ORDER BY 1")) {
            filters.add(new Filter("actor=" + actor, "actor", Integer.toString(actor),
                    "fl.fid IN (SELECT film_id FROM film_actor WHERE actor_id = ?)", actor));
        }
        for (String rating : legacy.list("SELECT DISTINCT rating::text AS rating FROM film WHERE rating IS NOT NULL ORDER BY 1",
                row -> row.getString("rating"))) {
            filters.add(new Filter("rating=" + rating, "rating", rating, "fl.rating::text = ?", rating));
        }
        // ZZ matches no title: an empty answer is an answer too
        for (String prefix : List.of("A", "AC", "Z", "ZZ")) {
            filters.add(new Filter("titlePrefix=" + prefix, "titlePrefix", prefix, "starts_with(fl.title, ?)", prefix));
        }
        return filters;
    }

    private void filtered(String view, String path, List<Filter> filters) {
        ViewCheck check = context.start(view + " filters");
        Map<Filter, Map<String, FilmListRow>> expected = new LinkedHashMap<>();
        for (Filter filter : filters) {
            expected.put(filter, byKey(legacy.list(FILM_LIST_COLUMNS + view + " fl WHERE " + filter.where(),
                    FilmListRow::read, filter.sqlValue()), row -> filter.label() + " " + row.key()));
        }
        check.note(filters.size() + " filtered calls");
        context.forEach(check, filters, Filter::label, filter -> {
            List<JsonNode> answered = api.items(QueryApi.withParameter(path, filter.parameter(), filter.value()));
            context.compareKeyed(check, expected.get(filter), answered, row -> filter.label() + " " + filmListKey(row),
                    CatalogChecks::compareFilmListRow);
        });
    }

    private static String filmListKey(JsonNode row) {
        return "fid " + Json.integer(row, "fid") + " / " + Json.text(row, "category");
    }

    private static void compareFilmListRow(FilmListRow expected, JsonNode actual, RowDiff diff) {
        Object actors = Json.text(actual, "actors");
        diff.text("title", expected.title(), actual)
                .text("description", expected.description(), actual)
                .money("price", expected.price(), actual)
                .integer("length", expected.length(), actual)
                .text("rating", expected.rating(), actual);
        if (actors instanceof String names) {
            diff.sameElements("actors", PagilaText.names(expected.actors()), PagilaText.names(names));
        } else {
            diff.same("actors", expected.actors(), actors);
        }
    }

    private void filmDetails(String view, boolean noCache) {
        ViewCheck check = context.start(view);
        List<Film> films = legacy.list("""
                SELECT film_id, title, description, release_year, language_id, original_language_id, rental_duration,
                       rental_rate, length, replacement_cost, rating::text AS rating, special_features
                FROM film ORDER BY film_id""", row -> new Film(row.getInt("film_id"), row.getString("title"),
                row.getString("description"), Legacy.integer(row, "release_year"), row.getInt("language_id"),
                Legacy.integer(row, "original_language_id"), row.getInt("rental_duration"), row.getBigDecimal("rental_rate"),
                Legacy.integer(row, "length"), row.getBigDecimal("replacement_cost"), row.getString("rating"),
                texts(row.getArray("special_features"))));
        Map<Integer, List<String>> cast = grouped("""
                SELECT fa.film_id AS owner, a.actor_id || ' ' || a.first_name || ' ' || a.last_name AS entry
                FROM film_actor fa JOIN actor a ON a.actor_id = fa.actor_id""");
        Map<Integer, List<String>> categories = grouped("""
                SELECT fc.film_id AS owner, c.category_id || ' ' || c.name AS entry
                FROM film_category fc JOIN category c ON c.category_id = fc.category_id""");
        Map<Integer, List<Copy>> copiesByFilm = copies().stream().collect(Collectors.groupingBy(Copy::filmId));
        context.forEach(check, films, film -> "film " + film.filmId(), film -> {
            JsonNode actual = api.ok("/api/films/" + film.filmId(), noCache);
            RowDiff diff = new RowDiff()
                    .integer("filmId", film.filmId(), actual)
                    .text("title", film.title(), actual)
                    .text("description", film.description(), actual)
                    .integer("releaseYear", film.releaseYear(), actual)
                    .integer("languageId", film.languageId(), actual)
                    .integer("originalLanguageId", film.originalLanguageId(), actual)
                    .integer("rentalDuration", film.rentalDuration(), actual)
                    .money("rentalRate", film.rentalRate(), actual)
                    .integer("length", film.length(), actual)
                    .money("replacementCost", film.replacementCost(), actual)
                    .text("rating", film.rating(), actual)
                    .same("specialFeatures", film.specialFeatures(), Json.values(actual, "specialFeatures"))
                    .sameElements("cast", cast.getOrDefault(film.filmId(), List.of()), Json.elements(actual, "cast").stream()
                            .map(member -> Json.integer(member, "actorId") + " " + Json.text(member, "firstName") + " "
                                    + Json.text(member, "lastName")).toList())
                    .sameElements("categories", categories.getOrDefault(film.filmId(), List.of()),
                            Json.elements(actual, "categories").stream()
                                    .map(category -> Json.integer(category, "categoryId") + " " + Json.text(category, "name"))
                                    .toList());
            compareStockAndCopies(copiesByFilm.getOrDefault(film.filmId(), List.of()), actual, diff);
            check.record("film " + film.filmId(), diff);
        });
    }

    /** The detail's per-store counts and copies; a store without copies may be listed with zeros or left out. */
    private static void compareStockAndCopies(List<Copy> copies, JsonNode actual, RowDiff diff) {
        Map<Integer, int[]> counts = new TreeMap<>();
        for (Copy copy : copies) {
            int[] count = counts.computeIfAbsent(copy.storeId(), store -> new int[2]);
            count[0]++;
            count[1] += copy.inStock() ? 1 : 0;
        }
        List<String> expectedStock = counts.entrySet().stream()
                .map(store -> "store " + store.getKey() + ": copies " + store.getValue()[0] + ", in stock " + store.getValue()[1])
                .toList();
        List<String> answeredStock = Json.elements(actual, "stock").stream()
                .filter(store -> !(Long.valueOf(0).equals(Json.integer(store, "copies"))
                        && Long.valueOf(0).equals(Json.integer(store, "inStock"))))
                .map(store -> "store " + Json.integer(store, "storeId") + ": copies " + Json.integer(store, "copies")
                        + ", in stock " + Json.integer(store, "inStock"))
                .toList();
        diff.sameElements("stock", expectedStock, answeredStock);

        Map<Object, Object> answeredHolders = new HashMap<>();
        List<JsonNode> answeredCopies = Json.elements(actual, "copies");
        answeredCopies.forEach(copy -> answeredHolders.put(Json.integer(copy, "copyId"), Json.integer(copy, "heldByCustomerId")));
        diff.sameElements("copies", copies.stream().map(copy -> {
                    Object answered = answeredHolders.get((long) copy.copyId());
                    Object holder = copy.heldByMatches(answered) ? answered : copy.heldBy();
                    return describeCopy(copy.copyId(), copy.storeId(), copy.inStock(), holder);
                }).toList(),
                answeredCopies.stream().map(copy -> describeCopy(Json.integer(copy, "copyId"), Json.integer(copy, "storeId"),
                        Json.bool(copy, "inStock"), Json.integer(copy, "heldByCustomerId"))).toList());
    }

    private static String describeCopy(Object copyId, Object storeId, Object inStock, Object heldBy) {
        String stock = Boolean.TRUE.equals(inStock) ? "in stock" : Boolean.FALSE.equals(inStock) ? "out" : "inStock " + inStock;
        return "copy " + copyId + " store " + storeId + " " + stock + (heldBy == null ? "" : " held by " + heldBy);
    }

    /** Both functions, asked for every film at every store (films without copies answer empty lists). */
    private void stock(String function, String endpoint) {
        ViewCheck check = context.start(function);
        List<StockRow> expected = legacy.list("SELECT f.film_id, s.store_id, array(SELECT x FROM " + function
                + "(f.film_id, s.store_id) x ORDER BY 1) AS ids FROM film f CROSS JOIN store s ORDER BY 1, 2",
                row -> new StockRow(row.getInt("film_id"), row.getInt("store_id"), longs(row.getArray("ids"))));
        context.forEach(check, expected, row -> "film " + row.filmId() + " store " + row.storeId(), row -> {
            JsonNode actual = api.ok("/api/films/" + row.filmId() + "/" + endpoint + "?storeId=" + row.storeId(), false);
            check.record("film " + row.filmId() + " store " + row.storeId(), new RowDiff()
                    .integer("filmId", row.filmId(), actual)
                    .integer("storeId", row.storeId(), actual)
                    .same("copyIds", row.copyIds(), Json.values(actual, "copyIds"))
                    .integer("count", row.copyIds().size(), actual));
        });
    }

    private void inventory() {
        ViewCheck check = context.start("inventory");
        List<Copy> all = copies();
        long ambiguous = all.stream().filter(copy -> copy.openHolders().size() > 1).count();
        check.note(ambiguous + " copies have several open rentals in the legacy data (any of their customers is accepted"
                + " as the holder)");
        context.forEach(check, all, copy -> "copy " + copy.copyId(), copy -> {
            JsonNode actual = api.ok("/api/inventory/" + copy.copyId(), false);
            RowDiff diff = new RowDiff()
                    .integer("copyId", copy.copyId(), actual)
                    .integer("filmId", copy.filmId(), actual)
                    .integer("storeId", copy.storeId(), actual)
                    .bool("inStock", copy.inStock(), actual);
            Object holder = Json.integer(actual, "heldByCustomerId");
            if (!copy.heldByMatches(holder)) {
                diff.differ("heldByCustomerId", copy.openHolders().size() > 1 ? "one of " + copy.openHolders()
                        : copy.heldBy(), holder);
            }
            check.record("copy " + copy.copyId(), diff);
        });
    }

    private List<Copy> copies() {
        if (copies == null) {
            copies = legacy.list("""
                    SELECT i.inventory_id, i.film_id, i.store_id,
                           inventory_in_stock(i.inventory_id) AS in_stock,
                           inventory_held_by_customer(i.inventory_id) AS held_by,
                           array(SELECT r.customer_id FROM rental r
                                 WHERE r.inventory_id = i.inventory_id AND r.return_date IS NULL ORDER BY 1) AS holders
                    FROM inventory i ORDER BY 1""", row -> new Copy(row.getInt("inventory_id"), row.getInt("film_id"),
                    row.getInt("store_id"), row.getBoolean("in_stock"), Legacy.integer(row, "held_by"),
                    longs(row.getArray("holders")).stream().map(Long::intValue).toList()));
        }
        return copies;
    }

    private void actors() {
        List<ActorRow> rows = legacy.list("SELECT actor_id, first_name, last_name, film_info FROM actor_info ORDER BY actor_id",
                row -> new ActorRow(row.getInt("actor_id"), row.getString("first_name"), row.getString("last_name"),
                        row.getString("film_info")));
        ViewCheck list = context.start("actor_info");
        List<JsonNode> answered = context.itemsOrNull(list, "/api/actors", QueryApi.MAX_PAGE);
        if (answered != null) {
            context.compareKeyed(list, byKey(rows, row -> "actor " + row.actorId()), answered,
                    row -> "actor " + Json.integer(row, "actorId"), CatalogChecks::compareActor);
        }
        ViewCheck byId = context.start("actor_info by id");
        context.forEach(byId, rows, row -> "actor " + row.actorId(), row -> {
            RowDiff diff = new RowDiff();
            compareActor(row, api.ok("/api/actors/" + row.actorId(), false), diff);
            byId.record("actor " + row.actorId(), diff);
        });
    }

    private static void compareActor(ActorRow expected, JsonNode actual, RowDiff diff) {
        Map<String, List<String>> films = PagilaText.filmInfo(expected.filmInfo());
        diff.integer("actorId", expected.actorId(), actual)
                .text("firstName", expected.firstName(), actual)
                .text("lastName", expected.lastName(), actual);
        Object filmInfo = Json.text(actual, "filmInfo");
        if (filmInfo == null || filmInfo instanceof String) {
            diff.sameGroups("filmInfo", films, PagilaText.filmInfo((String) filmInfo));
        } else {
            diff.same("filmInfo", expected.filmInfo(), filmInfo);
        }
        Map<String, List<Object>> answered = new TreeMap<>();
        for (JsonNode group : Json.elements(actual, "films")) {
            String category = String.valueOf(Json.text(group, "category"));
            // a category listed twice would merge unseen; keep it apart so it mismatches
            while (answered.containsKey(category)) {
                category += " (again)";
            }
            answered.put(category, Json.values(group, "titles"));
        }
        diff.sameGroups("films", films, answered);
    }

    /** The films of every owner (actor or category), including owners without films, as "id TITLE" entries. */
    private void filmsOf(String view, String ownersSql, String filmsSql, String pathFormat, String keyPrefix) {
        ViewCheck check = context.start(view);
        List<Integer> owners = ids(ownersSql);
        Map<Integer, List<String>> films = grouped(filmsSql);
        check.note(films.values().stream().mapToInt(List::size).sum() + " film links compared");
        context.forEach(check, owners, owner -> keyPrefix + owner, owner -> {
            List<String> answered = api.items(String.format(pathFormat, owner)).stream()
                    .map(film -> Json.integer(film, "filmId") + " " + Json.text(film, "title")).toList();
            check.record(keyPrefix + owner, new RowDiff().sameElements("films", films.getOrDefault(owner, List.of()), answered));
        });
    }

    private Map<Integer, List<String>> grouped(String sql) {
        Map<Integer, List<String>> groups = new HashMap<>();
        legacy.list(sql, row -> groups.computeIfAbsent(row.getInt("owner"), owner -> new ArrayList<>()).add(row.getString("entry")));
        return groups;
    }

    private List<Integer> ids(String sql) {
        return legacy.list(sql, row -> row.getInt(1));
    }

    private static <T> Map<String, T> byKey(List<T> rows, Function<T, String> keyOf) {
        Map<String, T> byKey = new LinkedHashMap<>();
        rows.forEach(row -> byKey.put(keyOf.apply(row), row));
        return byKey;
    }

    private static List<String> texts(Array array) throws SQLException {
        return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
    }

    private static List<Long> longs(Array array) throws SQLException {
        return array == null ? List.of() : Arrays.stream((Integer[]) array.getArray()).map(Integer::longValue).toList();
    }
}
