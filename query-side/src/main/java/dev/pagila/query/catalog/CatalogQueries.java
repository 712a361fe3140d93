package dev.pagila.query.catalog;

import dev.pagila.infra.dynamodb.FilmsKeys;
import dev.pagila.infra.dynamodb.FilmsTable;
import dev.pagila.infra.redis.CacheKeys;
import dev.pagila.query.cache.CachedJson;
import dev.pagila.query.cache.VersionedCache;
import dev.pagila.query.cache.VersionedCache.Slot;
import dev.pagila.query.table.Items;
import dev.pagila.query.table.Page;
import dev.pagila.query.web.Listing;
import dev.pagila.query.table.ReadModelTable;
import org.springframework.stereotype.Service;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import static dev.pagila.query.table.Items.intOf;
import static dev.pagila.query.table.Items.string;

/**
 * The catalogue's lists: Pagila's {@code film_list}, {@code nicer_but_slower_film_list} and {@code actor_info},
 * an actor's or a category's films. Answers come from Redis when a projection has not changed the catalogue
 * since they were cached, else from DynamoDB.
 */
@Service
public class CatalogQueries {

    private final ReadModelTable table;
    private final VersionedCache cache;

    public CatalogQueries(ReadModelTable table, VersionedCache cache) {
        this.table = table;
        this.cache = cache;
    }

    /**
     * Film list rows, a page of films at a time in title order. Like the views, only films with at least one
     * actor and one category are listed, once per category.
     *
     * @param nicer actor names as {@code nicer_but_slower_film_list} writes them ("PenelopeGuiness")
     */
    public CachedJson filmList(FilmFilter filter, boolean nicer, int limit, String cursor) {
        String question = "films:" + (nicer ? "nicer" : "plain") + ":" + filter.describe() + ":" + limit + ":" + cursor;
        return cached(question, () -> {
            Predicate<Map<String, AttributeValue>> keep = film -> {
                Map<String, AttributeValue> cast = Items.map(film, CatalogTable.CAST_NAMES);
                Map<String, AttributeValue> categories = Items.map(film, CatalogTable.CATEGORY_NAMES);
                return !cast.isEmpty() && !categories.isEmpty()
                        && (filter.rating() == null || filter.rating().equals(string(film, "rating")))
                        && (filter.categoryId() == null || categories.containsKey(filter.categoryId().toString()))
                        && (filter.actorId() == null || cast.containsKey(filter.actorId().toString()));
            };
            String prefix = "TITLE#" + (filter.titlePrefix() == null ? "" : filter.titlePrefix());
            Page<Map<String, AttributeValue>> films = table.indexPage(FilmsTable.GSI2, FilmsKeys.FILMS, prefix, keep, limit, cursor);
            List<FilmListRow> rows = new ArrayList<>();
            for (Map<String, AttributeValue> film : films.items()) {
                rows.addAll(rowsOf(film, filter.categoryId(), nicer));
            }
            return Optional.of(new Page<>(rows, films.next()));
        }).orElseThrow();
    }

    private static List<FilmListRow> rowsOf(Map<String, AttributeValue> film, Integer onlyCategory, boolean nicer) {
        Function<Map<String, AttributeValue>, String> nameOf = nicer
                ? name -> initialCapital(name.get("firstName").s()) + initialCapital(name.get("lastName").s())
                : name -> name.get("firstName").s() + " " + name.get("lastName").s();
        String actors = new TreeMap<>(Items.map(film, CatalogTable.CAST_NAMES).entrySet().stream()
                .collect(Collectors.toMap(entry -> Integer.parseInt(entry.getKey()), entry -> nameOf.apply(entry.getValue().m()))))
                .values().stream().collect(Collectors.joining(", "));
        return Items.map(film, CatalogTable.CATEGORY_NAMES).entrySet().stream()
                .filter(category -> onlyCategory == null || category.getKey().equals(onlyCategory.toString()))
                .map(category -> category.getValue().s())
                .sorted()
                .map(category -> new FilmListRow(intOf(film, "filmId"), string(film, "title"), string(film, "description"),
                        category, Items.money(film, "rentalRate"), Items.optionalInt(film, "length"), string(film, "rating"), actors))
                .toList();
    }

    /** Pagila's {@code nicer_but_slower_film_list} capitalisation: first letter upper case, the rest lower case. */
    static String initialCapital(String name) {
        if (name == null || name.isEmpty()) {
            return "";
        }
        return name.substring(0, 1).toUpperCase(Locale.ROOT) + name.substring(1).toLowerCase(Locale.ROOT);
    }

    /** Actors in name order, each with the films they played in by category. */
    public CachedJson actors(int limit, String cursor) {
        return cached("actors:" + limit + ":" + cursor, () -> {
            Page<Map<String, AttributeValue>> actors = table.indexPage(FilmsTable.GSI2, FilmsKeys.ACTORS, null, item -> true,
                    limit, cursor);
            return Optional.of(new Page<>(actorInfos(actors.items()), actors.next()));
        }).orElseThrow();
    }

    public Optional<CachedJson> actor(int actorId) {
        return cached("actor:" + actorId, () -> table.get(FilmsKeys.actor(actorId), FilmsKeys.META)
                .map(actor -> actorInfos(List.of(actor)).get(0)));
    }

    private List<ActorInfo> actorInfos(List<Map<String, AttributeValue>> actors) {
        Map<Integer, List<Integer>> filmsByActor = new TreeMap<>();
        for (Map<String, AttributeValue> actor : actors) {
            filmsByActor.put(intOf(actor, "actorId"), table.indexPartition(FilmsTable.GSI1, FilmsKeys.actor(intOf(actor, "actorId")))
                    .stream().map(edge -> intOf(edge, "filmId")).toList());
        }
        Map<Integer, Map<String, AttributeValue>> films = table.getAll(filmsByActor.values().stream().flatMap(List::stream)
                        .distinct().map(filmId -> Items.key(FilmsKeys.film(filmId), FilmsKeys.META)).toList())
                .stream().collect(Collectors.toMap(film -> intOf(film, "filmId"), film -> film));
        List<ActorInfo> infos = new ArrayList<>();
        for (Map<String, AttributeValue> actor : actors) {
            Map<String, TreeSet<String>> titlesByCategory = new TreeMap<>();
            for (int filmId : filmsByActor.get(intOf(actor, "actorId"))) {
                Map<String, AttributeValue> film = films.get(filmId);
                if (film == null) {
                    continue;
                }
                for (AttributeValue category : Items.map(film, CatalogTable.CATEGORY_NAMES).values()) {
                    titlesByCategory.computeIfAbsent(category.s(), name -> new TreeSet<>()).add(string(film, "title"));
                }
            }
            List<ActorInfo.CategoryFilms> byCategory = titlesByCategory.entrySet().stream()
                    .map(entry -> new ActorInfo.CategoryFilms(entry.getKey(), List.copyOf(entry.getValue()))).toList();
            String filmInfo = byCategory.isEmpty() ? null : byCategory.stream()
                    .map(category -> category.category() + ": " + String.join(", ", category.titles()))
                    .collect(Collectors.joining(", "));
            infos.add(new ActorInfo(intOf(actor, "actorId"), string(actor, "firstName"), string(actor, "lastName"), filmInfo,
                    byCategory));
        }
        return infos;
    }

    /** An actor's or a category's films in title order; empty when the actor or category is unknown. */
    public Optional<CachedJson> filmsOf(String target, int limit, String cursor) {
        return cached("films-of:" + target + ":" + limit + ":" + cursor, () -> {
            if (table.get(target, FilmsKeys.META).isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(table.indexPage(FilmsTable.GSI1, target, null, item -> true, limit, cursor)
                    .map(edge -> new FilmRef(intOf(edge, "filmId"), string(edge, "filmTitle"))));
        });
    }

    public CachedJson categories() {
        return cached("category-listing", () -> Optional.of(new Listing<>(table.indexPartition(FilmsTable.GSI2, FilmsKeys.CATEGORIES)
                .stream()
                .map(item -> new CategoryView(intOf(item, "categoryId"), string(item, "name")))
                .sorted(Comparator.comparingInt(CategoryView::categoryId)).toList()))).orElseThrow();
    }

    private Optional<CachedJson> cached(String question, java.util.function.Supplier<? extends Optional<?>> loader) {
        return cache.readThroughJson(Slot.in(CacheKeys.CATALOG, question), loader);
    }
}
