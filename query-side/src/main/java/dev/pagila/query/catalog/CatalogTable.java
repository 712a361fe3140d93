package dev.pagila.query.catalog;

import dev.pagila.infra.dynamodb.FilmsKeys;
import dev.pagila.infra.dynamodb.FilmsTable;
import dev.pagila.kernel.catalog.FilmDetails;
import dev.pagila.kernel.catalog.SpecialFeature;
import dev.pagila.kernel.money.Money;
import dev.pagila.query.table.ItemBatch;
import dev.pagila.query.table.ItemKey;
import dev.pagila.query.table.ItemState;
import dev.pagila.query.table.Items;
import dev.pagila.query.table.ReadModelTable;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import static dev.pagila.query.table.Items.intOf;
import static dev.pagila.query.table.Items.n;
import static dev.pagila.query.table.Items.s;
import static dev.pagila.query.table.Items.string;

/**
 * The catalogue in the Films single table. A film's partition ({@code FILM#id}) holds its {@code #META} item,
 * one edge item per cast member ({@code ACTOR#aid}) and category ({@code CATEGORY#cid}), and its copies
 * ({@code COPY#cid}, written by the inventory projection). Edges copy the names they are shown with and,
 * through GSI1, list an actor's or a category's films by title. The film item also keeps its cast and
 * category names in two maps, so a film list is read from film items alone (GSI2 partition {@code FILMS}, by
 * title). Actors and categories have their own {@code #META} items, listed through GSI2. A removed edge stays
 * as a tombstone (out of the indexes) so that a replayed older "cast" cannot bring it back.
 */
@Component
public class CatalogTable {

    static final String CAST = "CAST";
    /**
     * A physical copy: written by the inventory's projection into its film's partition, so that one Query answers a
     * film with its stock; read here as the film shows it.
     */
    public static final String COPY = "COPY";
    /** On a copy: its open rentals, rental id → customer id. */
    public static final String OPEN_RENTALS = "openRentals";
    static final String FILM_CATEGORY = "FILM_CATEGORY";
    static final String CAST_NAMES = "castNames";
    static final String CATEGORY_NAMES = "categoryNames";
    /** On an actor's or a category's item: the films it is linked to, so a rename finds its edges by key. */
    static final String FILMS = "films";

    private final ReadModelTable table;

    public CatalogTable(ReadModelTable table) {
        this.table = table;
    }

    /** The table this projection writes. */
    public ReadModelTable table() {
        return table;
    }

    /** The film's own item, the one its registration, revisions and pricing write. */
    public static ItemKey filmKey(int filmId) {
        return new ItemKey(FilmsKeys.film(filmId), FilmsKeys.META);
    }

    public static ItemKey actorKey(int actorId) {
        return new ItemKey(FilmsKeys.actor(actorId), FilmsKeys.META);
    }

    public static ItemKey categoryKey(int categoryId) {
        return new ItemKey(FilmsKeys.category(categoryId), FilmsKeys.META);
    }

    public static ItemKey castKey(int filmId, int actorId) {
        return new ItemKey(FilmsKeys.film(filmId), FilmsKeys.actor(actorId));
    }

    public static ItemKey categorizationKey(int filmId, int categoryId) {
        return new ItemKey(FilmsKeys.film(filmId), FilmsKeys.category(categoryId));
    }

    /** Writes a film's details; a new title also moves every live edge of the film in the title-ordered indexes. */
    public boolean writeFilmDetails(ItemBatch items, int filmId, FilmDetails details, long position) {
        ItemKey key = filmKey(filmId);
        String previousTitle = items.item(key).string("title");
        boolean applied = items.update(key, position, film -> film
                .set("type", s("FILM"))
                .set("filmId", n(filmId))
                .set("title", s(details.title()))
                .setOrRemove("description", s(details.description()))
                .setOrRemove("releaseYear", n(details.releaseYear()))
                .set("languageId", n(details.languageId().value()))
                .setOrRemove("originalLanguageId", details.originalLanguageId() == null ? null
                        : n(details.originalLanguageId().value()))
                .set("rentalDuration", n(details.rentalDuration()))
                .set("rentalRate", n(details.rentalRate().amount()))
                .setOrRemove("length", n(details.length()))
                .set("replacementCost", n(details.replacementCost().amount()))
                .setOrRemove("rating", details.rating() == null ? null : s(details.rating().label()))
                .set("specialFeatures", AttributeValue.fromL(details.specialFeatures().stream()
                        .map(SpecialFeature::label).map(AttributeValue::fromS).toList()))
                .setIfAbsent(CAST_NAMES, AttributeValue.fromM(Map.of()))
                .setIfAbsent(CATEGORY_NAMES, AttributeValue.fromM(Map.of()))
                .set(FilmsTable.GSI2_PK, s(FilmsKeys.FILMS))
                .set(FilmsTable.GSI2_SK, s(FilmsKeys.title(details.title(), filmId))));
        if (applied && previousTitle != null && !previousTitle.equals(details.title())) {
            List<ItemKey> edges = liveEdgesOf(items.item(key), filmId);
            items.prefetch(edges);
            for (ItemKey edge : edges) {
                items.update(edge, position, item -> item.set("filmTitle", s(details.title()))
                        .set(FilmsTable.GSI1_SK, s(FilmsKeys.filmByTitle(details.title(), filmId))));
            }
        }
        return applied;
    }

    public boolean writeFilmPricing(ItemBatch items, int filmId, int rentalDuration, Money rentalRate, Money replacementCost,
                                    long position) {
        return items.update(filmKey(filmId), position, film -> film
                .set("rentalDuration", n(rentalDuration))
                .set("rentalRate", n(rentalRate.amount()))
                .set("replacementCost", n(replacementCost.amount())));
    }

    /**
     * Writes an actor, and relabels every edge and film item that shows the name. The actor's item lists the films
     * it is cast in, so the edges are found by key, strongly consistent, with no index read.
     */
    public boolean writeActor(ItemBatch items, int actorId, String firstName, String lastName, long position) {
        ItemKey key = actorKey(actorId);
        boolean applied = items.update(key, position, actor -> actor
                .set("type", s("ACTOR"))
                .set("actorId", n(actorId))
                .set("firstName", s(firstName))
                .set("lastName", s(lastName))
                .set(FilmsTable.GSI2_PK, s(FilmsKeys.ACTORS))
                .set(FilmsTable.GSI2_SK, s(FilmsKeys.name(lastName + " " + firstName, actorId))));
        List<Integer> films = filmsOf(items, key);
        items.prefetch(films.stream().flatMap(filmId -> java.util.stream.Stream.of(castKey(filmId, actorId), filmKey(filmId))).toList());
        for (int filmId : films) {
            items.update(castKey(filmId, actorId), position, edge -> edge.set("firstName", s(firstName)).set("lastName", s(lastName)));
            items.update(filmKey(filmId), position, film -> film.setEntry(CAST_NAMES, String.valueOf(actorId),
                    castName(firstName, lastName)));
        }
        return applied;
    }

    public boolean writeCategory(ItemBatch items, int categoryId, String name, long position) {
        ItemKey key = categoryKey(categoryId);
        boolean applied = items.update(key, position, category -> category
                .set("type", s("CATEGORY"))
                .set("categoryId", n(categoryId))
                .set("name", s(name))
                .set(FilmsTable.GSI2_PK, s(FilmsKeys.CATEGORIES))
                .set(FilmsTable.GSI2_SK, s(FilmsKeys.name(name, categoryId))));
        List<Integer> films = filmsOf(items, key);
        items.prefetch(films.stream().flatMap(filmId -> java.util.stream.Stream.of(categorizationKey(filmId, categoryId),
                filmKey(filmId))).toList());
        for (int filmId : films) {
            items.update(categorizationKey(filmId, categoryId), position, edge -> edge.set("name", s(name)));
            items.update(filmKey(filmId), position, film -> film.setEntry(CATEGORY_NAMES, String.valueOf(categoryId), s(name)));
        }
        return applied;
    }

    /** The films an actor or a category is linked to now, as its own item lists them. */
    public static List<Integer> filmsOf(ItemBatch items, ItemKey actorOrCategory) {
        return items.item(actorOrCategory).numbers(FILMS);
    }

    public boolean castActor(ItemBatch items, int filmId, int actorId, long position) {
        ItemState actor = items.item(actorKey(actorId));
        String title = items.item(filmKey(filmId)).string("title");
        boolean applied = items.update(castKey(filmId, actorId), position, edge -> liveEdge(edge, filmId, title,
                FilmsKeys.actor(actorId), CAST)
                .set("actorId", n(actorId))
                .setOrRemove("firstName", actor.get("firstName"))
                .setOrRemove("lastName", actor.get("lastName")));
        items.update(filmKey(filmId), position, film -> film.setEntry(CAST_NAMES, String.valueOf(actorId),
                castName(actor.string("firstName"), actor.string("lastName"))));
        items.update(actorKey(actorId), position, linked -> linked.setIfAbsent("type", s("ACTOR")).addToSet(FILMS, filmId));
        return applied;
    }

    public boolean categorize(ItemBatch items, int filmId, int categoryId, long position) {
        ItemState category = items.item(categoryKey(categoryId));
        String title = items.item(filmKey(filmId)).string("title");
        boolean applied = items.update(categorizationKey(filmId, categoryId), position, edge -> liveEdge(edge, filmId, title,
                FilmsKeys.category(categoryId), FILM_CATEGORY)
                .set("categoryId", n(categoryId))
                .setOrRemove("name", category.get("name")));
        items.update(filmKey(filmId), position, film -> film.setEntry(CATEGORY_NAMES, String.valueOf(categoryId),
                s(category.has("name") ? category.string("name") : "")));
        items.update(categoryKey(categoryId), position, linked -> linked.setIfAbsent("type", s("CATEGORY")).addToSet(FILMS, filmId));
        return applied;
    }

    public boolean uncast(ItemBatch items, int filmId, int actorId, long position) {
        boolean applied = items.update(castKey(filmId, actorId), position, CatalogTable::tombstone);
        items.update(filmKey(filmId), position, film -> film.removeEntry(CAST_NAMES, String.valueOf(actorId)));
        items.update(actorKey(actorId), position, linked -> linked.removeFromSet(FILMS, filmId));
        return applied;
    }

    public boolean uncategorize(ItemBatch items, int filmId, int categoryId, long position) {
        boolean applied = items.update(categorizationKey(filmId, categoryId), position, CatalogTable::tombstone);
        items.update(filmKey(filmId), position, film -> film.removeEntry(CATEGORY_NAMES, String.valueOf(categoryId)));
        items.update(categoryKey(categoryId), position, linked -> linked.removeFromSet(FILMS, filmId));
        return applied;
    }

    /** A removed edge stays, out of the indexes, so that a replayed older cast cannot bring it back. */
    private static void tombstone(ItemState edge) {
        edge.set("removed", AttributeValue.fromBool(true)).remove(FilmsTable.GSI1_PK).remove(FilmsTable.GSI1_SK);
    }

    /** Deletes every item this projection writes. */
    public long clear() {
        return table.deleteItemsOfTypes(Set.of("FILM", CAST, FILM_CATEGORY, "ACTOR", "CATEGORY"));
    }

    /** The film with its cast, categories and copies, from one strongly consistent Query of its partition. */
    public Optional<FilmView> findFilm(int filmId) {
        List<Map<String, AttributeValue>> items = table.partition(FilmsKeys.film(filmId));
        Map<String, AttributeValue> film = items.stream()
                .filter(item -> Items.sk(item).equals(FilmsKeys.META)).findFirst().orElse(null);
        if (film == null) {
            return Optional.empty();
        }
        List<FilmView.CastMember> cast = new ArrayList<>();
        List<FilmView.CategoryName> categories = new ArrayList<>();
        List<FilmView.Copy> copies = new ArrayList<>();
        long position = 0;
        for (Map<String, AttributeValue> item : items) {
            position = Math.max(position, Items.position(item));
            if (Items.flag(item, "removed")) {
                continue;
            }
            switch (string(item, "type")) {
                case CAST -> cast.add(new FilmView.CastMember(intOf(item, "actorId"), string(item, "firstName"),
                        string(item, "lastName")));
                case FILM_CATEGORY -> categories.add(new FilmView.CategoryName(intOf(item, "categoryId"), string(item, "name")));
                case COPY -> copyOf(item).ifPresent(copies::add);
                default -> {
                }
            }
        }
        cast.sort(Comparator.comparingInt(FilmView.CastMember::actorId));
        categories.sort(Comparator.comparingInt(FilmView.CategoryName::categoryId));
        copies.sort(Comparator.comparingInt(FilmView.Copy::copyId));
        return Optional.of(new FilmView(intOf(film, "filmId"), film.get("title").s(), string(film, "description"),
                Items.optionalInt(film, "releaseYear"), intOf(film, "languageId"), Items.optionalInt(film, "originalLanguageId"),
                intOf(film, "rentalDuration"), Items.money(film, "rentalRate"), Items.optionalInt(film, "length"),
                Items.money(film, "replacementCost"), string(film, "rating"),
                film.get("specialFeatures").l().stream().map(AttributeValue::s).toList(), cast, categories,
                stockOf(copies), copies, position));
    }

    private static List<FilmView.StoreStock> stockOf(List<FilmView.Copy> copies) {
        Map<Integer, int[]> byStore = new TreeMap<>();
        for (FilmView.Copy copy : copies) {
            int[] counts = byStore.computeIfAbsent(copy.storeId(), store -> new int[2]);
            counts[0]++;
            counts[1] += copy.inStock() ? 1 : 0;
        }
        return byStore.entrySet().stream()
                .map(entry -> new FilmView.StoreStock(entry.getKey(), entry.getValue()[0], entry.getValue()[1])).toList();
    }

    /** The films whose live edges point at an actor or a category, through GSI1 (eventually consistent). */
    public List<Integer> filmIdsLinkedTo(String target) {
        return table.indexPartition(FilmsTable.GSI1, target).stream().map(edge -> intOf(edge, "filmId")).distinct().toList();
    }

    /** The raw item, for operators and tests that compare items attribute by attribute. */
    public Map<String, AttributeValue> item(String pk, String sk) {
        return table.get(pk, sk).orElse(Map.of());
    }

    private static ItemState liveEdge(ItemState edge, int filmId, String title, String target, String type) {
        String shownTitle = title == null ? "" : title;
        return edge
                .set("type", s(type))
                .set("filmId", n(filmId))
                .set("filmTitle", s(shownTitle))
                .set("removed", AttributeValue.fromBool(false))
                .set(FilmsTable.GSI1_PK, s(target))
                .set(FilmsTable.GSI1_SK, s(FilmsKeys.filmByTitle(shownTitle, filmId)));
    }

    /** The film's live cast and category edges, as its own item names them. */
    private static List<ItemKey> liveEdgesOf(ItemState film, int filmId) {
        List<ItemKey> edges = new ArrayList<>();
        film.map(CAST_NAMES).keySet().forEach(actorId -> edges.add(castKey(filmId, Integer.parseInt(actorId))));
        film.map(CATEGORY_NAMES).keySet().forEach(categoryId -> edges.add(categorizationKey(filmId, Integer.parseInt(categoryId))));
        return edges;
    }

    private static AttributeValue castName(String firstName, String lastName) {
        Map<String, AttributeValue> name = new java.util.HashMap<>();
        name.put("firstName", AttributeValue.fromS(firstName == null ? "" : firstName));
        name.put("lastName", AttributeValue.fromS(lastName == null ? "" : lastName));
        return AttributeValue.fromM(name);
    }

    /** A copy in circulation as a film shows it; retired copies are not. */
    public static Optional<FilmView.Copy> copyOf(Map<String, AttributeValue> item) {
        if (Items.flag(item, "retired")) {
            return Optional.empty();
        }
        Map<String, AttributeValue> open = Items.map(item, OPEN_RENTALS);
        Integer holder = open.entrySet().stream()
                .min(Comparator.comparingInt(entry -> Integer.parseInt(entry.getKey())))
                .map(entry -> Integer.parseInt(entry.getValue().n())).orElse(null);
        return Optional.of(new FilmView.Copy(intOf(item, "copyId"), intOf(item, "storeId"), open.isEmpty(), holder));
    }
}
