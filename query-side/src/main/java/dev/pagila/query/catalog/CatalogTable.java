package dev.pagila.query.catalog;

import dev.pagila.infra.dynamodb.FilmsKeys;
import dev.pagila.infra.dynamodb.FilmsTable;
import dev.pagila.kernel.catalog.FilmDetails;
import dev.pagila.kernel.catalog.SpecialFeature;
import dev.pagila.kernel.money.Money;
import dev.pagila.query.inventory.InventoryTable;
import dev.pagila.query.table.ItemUpdate;
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
    static final String FILM_CATEGORY = "FILM_CATEGORY";
    static final String CAST_NAMES = "castNames";
    static final String CATEGORY_NAMES = "categoryNames";

    private final ReadModelTable table;

    public CatalogTable(ReadModelTable table) {
        this.table = table;
    }

    /** @param retitleEdges whether the film may already have edges showing an older title (a revision) */
    public boolean writeFilmDetails(int filmId, FilmDetails details, long position, boolean retitleEdges) {
        ItemUpdate update = new ItemUpdate()
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
                .set(FilmsTable.GSI2_SK, s(FilmsKeys.title(details.title(), filmId)));
        boolean applied = table.update(FilmsKeys.film(filmId), FilmsKeys.META, update, position);
        if (retitleEdges) {
            retitleEdges(filmId, details.title(), position);
        }
        return applied;
    }

    public boolean writeFilmPricing(int filmId, int rentalDuration, Money rentalRate, Money replacementCost, long position) {
        return table.update(FilmsKeys.film(filmId), FilmsKeys.META, new ItemUpdate()
                .set("rentalDuration", n(rentalDuration))
                .set("rentalRate", n(rentalRate.amount()))
                .set("replacementCost", n(replacementCost.amount())), position);
    }

    /**
     * Writes an actor; a rename also relabels every edge and film item that shows the name (a registration has
     * none yet: this processing group sees a film's cast only after the actors in it).
     */
    public boolean writeActor(int actorId, String firstName, String lastName, long position, boolean relabel) {
        boolean applied = table.update(FilmsKeys.actor(actorId), FilmsKeys.META, new ItemUpdate()
                .set("type", s("ACTOR"))
                .set("actorId", n(actorId))
                .set("firstName", s(firstName))
                .set("lastName", s(lastName))
                .set(FilmsTable.GSI2_PK, s(FilmsKeys.ACTORS))
                .set(FilmsTable.GSI2_SK, s(FilmsKeys.name(lastName + " " + firstName, actorId))), position);
        if (relabel) {
            for (Map<String, AttributeValue> edge : edgesTo(FilmsKeys.actor(actorId))) {
                table.update(edge.get(FilmsTable.PK).s(), Items.sk(edge), new ItemUpdate()
                        .set("firstName", s(firstName)).set("lastName", s(lastName)), position);
                table.update(edge.get(FilmsTable.PK).s(), FilmsKeys.META, new ItemUpdate()
                        .setEntry(CAST_NAMES, String.valueOf(actorId), castName(firstName, lastName)), position);
            }
        }
        return applied;
    }

    public boolean writeCategory(int categoryId, String name, long position, boolean relabel) {
        boolean applied = table.update(FilmsKeys.category(categoryId), FilmsKeys.META, new ItemUpdate()
                .set("type", s("CATEGORY"))
                .set("categoryId", n(categoryId))
                .set("name", s(name))
                .set(FilmsTable.GSI2_PK, s(FilmsKeys.CATEGORIES))
                .set(FilmsTable.GSI2_SK, s(FilmsKeys.name(name, categoryId))), position);
        if (relabel) {
            for (Map<String, AttributeValue> edge : edgesTo(FilmsKeys.category(categoryId))) {
                table.update(edge.get(FilmsTable.PK).s(), Items.sk(edge), new ItemUpdate().set("name", s(name)), position);
                table.update(edge.get(FilmsTable.PK).s(), FilmsKeys.META, new ItemUpdate()
                        .setEntry(CATEGORY_NAMES, String.valueOf(categoryId), s(name)), position);
            }
        }
        return applied;
    }

    public boolean castActor(int filmId, int actorId, long position) {
        Map<String, Map<String, AttributeValue>> items = metaItems(FilmsKeys.film(filmId), FilmsKeys.actor(actorId));
        Map<String, AttributeValue> actor = items.getOrDefault(FilmsKeys.actor(actorId), Map.of());
        boolean applied = table.update(FilmsKeys.film(filmId), FilmsKeys.actor(actorId),
                edge(filmId, items.getOrDefault(FilmsKeys.film(filmId), Map.of()), FilmsKeys.actor(actorId), CAST)
                        .set("actorId", n(actorId))
                        .setOrRemove("firstName", actor.get("firstName"))
                        .setOrRemove("lastName", actor.get("lastName")), position);
        table.update(FilmsKeys.film(filmId), FilmsKeys.META, new ItemUpdate().setEntry(CAST_NAMES, String.valueOf(actorId),
                castName(string(actor, "firstName"), string(actor, "lastName"))), position);
        return applied;
    }

    public boolean categorize(int filmId, int categoryId, long position) {
        Map<String, Map<String, AttributeValue>> items = metaItems(FilmsKeys.film(filmId), FilmsKeys.category(categoryId));
        Map<String, AttributeValue> category = items.getOrDefault(FilmsKeys.category(categoryId), Map.of());
        boolean applied = table.update(FilmsKeys.film(filmId), FilmsKeys.category(categoryId),
                edge(filmId, items.getOrDefault(FilmsKeys.film(filmId), Map.of()), FilmsKeys.category(categoryId), FILM_CATEGORY)
                        .set("categoryId", n(categoryId))
                        .setOrRemove("name", category.get("name")), position);
        table.update(FilmsKeys.film(filmId), FilmsKeys.META, new ItemUpdate().setEntry(CATEGORY_NAMES,
                String.valueOf(categoryId), s(category.containsKey("name") ? category.get("name").s() : "")), position);
        return applied;
    }

    public boolean uncast(int filmId, int actorId, long position) {
        boolean applied = removeEdge(filmId, FilmsKeys.actor(actorId), position);
        table.update(FilmsKeys.film(filmId), FilmsKeys.META, new ItemUpdate().removeEntry(CAST_NAMES, String.valueOf(actorId)), position);
        return applied;
    }

    public boolean uncategorize(int filmId, int categoryId, long position) {
        boolean applied = removeEdge(filmId, FilmsKeys.category(categoryId), position);
        table.update(FilmsKeys.film(filmId), FilmsKeys.META,
                new ItemUpdate().removeEntry(CATEGORY_NAMES, String.valueOf(categoryId)), position);
        return applied;
    }

    private boolean removeEdge(int filmId, String edgeKey, long position) {
        return table.update(FilmsKeys.film(filmId), edgeKey, new ItemUpdate()
                .set("removed", AttributeValue.fromBool(true))
                .remove(FilmsTable.GSI1_PK)
                .remove(FilmsTable.GSI1_SK), position);
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
                case InventoryTable.COPY -> InventoryTable.copyOf(item).ifPresent(copies::add);
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

    /** The films whose live edges point at an actor or a category. */
    public List<Integer> filmIdsLinkedTo(String target) {
        return edgesTo(target).stream().map(edge -> intOf(edge, "filmId")).distinct().toList();
    }

    /** The raw item, for operators and tests that compare items attribute by attribute. */
    public Map<String, AttributeValue> item(String pk, String sk) {
        return table.get(pk, sk).orElse(Map.of());
    }

    private ItemUpdate edge(int filmId, Map<String, AttributeValue> film, String target, String type) {
        String title = film.containsKey("title") ? film.get("title").s() : "";
        return new ItemUpdate()
                .set("type", s(type))
                .set("filmId", n(filmId))
                .set("filmTitle", s(title))
                .set("removed", AttributeValue.fromBool(false))
                .set(FilmsTable.GSI1_PK, s(target))
                .set(FilmsTable.GSI1_SK, s(FilmsKeys.filmByTitle(title, filmId)));
    }

    private static AttributeValue castName(String firstName, String lastName) {
        Map<String, AttributeValue> name = new java.util.HashMap<>();
        name.put("firstName", AttributeValue.fromS(firstName == null ? "" : firstName));
        name.put("lastName", AttributeValue.fromS(lastName == null ? "" : lastName));
        return AttributeValue.fromM(name);
    }

    /** The #META items of the given partitions, in one strongly consistent round trip, by partition key. */
    private Map<String, Map<String, AttributeValue>> metaItems(String... partitions) {
        Map<String, Map<String, AttributeValue>> byPartition = new java.util.HashMap<>();
        for (Map<String, AttributeValue> item : table.getAll(java.util.Arrays.stream(partitions)
                .map(pk -> Items.key(pk, FilmsKeys.META)).toList())) {
            byPartition.put(item.get(FilmsTable.PK).s(), item);
        }
        return byPartition;
    }

    private void retitleEdges(int filmId, String title, long position) {
        for (Map<String, AttributeValue> item : table.partition(FilmsKeys.film(filmId))) {
            String type = string(item, "type");
            boolean isEdge = CAST.equals(type) || FILM_CATEGORY.equals(type);
            if (isEdge && !Items.flag(item, "removed") && !title.equals(string(item, "filmTitle"))) {
                table.update(item.get(FilmsTable.PK).s(), Items.sk(item), new ItemUpdate()
                        .set("filmTitle", s(title)).set(FilmsTable.GSI1_SK, s(FilmsKeys.filmByTitle(title, filmId))), position);
            }
        }
    }

    /** Live edges pointing at an actor or category, through GSI1 (eventually consistent, as every GSI read is). */
    private List<Map<String, AttributeValue>> edgesTo(String target) {
        return table.indexPartition(FilmsTable.GSI1, target);
    }
}
