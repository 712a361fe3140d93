package dev.pagila.query.catalog;

import dev.pagila.infra.dynamodb.FilmsTable;
import dev.pagila.query.cache.CacheKeys;
import dev.pagila.query.cache.CachedJson;
import dev.pagila.query.cache.VersionedCache;
import dev.pagila.query.cache.VersionedCache.Slot;
import dev.pagila.query.table.FilmsKeys;
import dev.pagila.query.table.ItemKind;
import dev.pagila.query.table.Page;
import dev.pagila.query.table.ReadModelTable;
import dev.pagila.query.web.Listing;
import org.springframework.stereotype.Service;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

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
    public CachedJson<Page<FilmListRow>> filmList(FilmFilter filter, boolean nicer, int limit, String cursor) {
        String question = "films:" + (nicer ? "nicer" : "plain") + ":" + filter.describe() + ":" + limit + ":" + cursor;
        return cached(question, () -> {
            Predicate<FilmItem> keep = film -> film.listed()
                    && (filter.rating() == null || filter.rating().equals(film.rating()))
                    && (filter.categoryId() == null || film.isIn(filter.categoryId()))
                    && (filter.actorId() == null || film.casts(filter.actorId()));
            String prefix = "TITLE#" + (filter.titlePrefix() == null ? "" : filter.titlePrefix());
            Page<FilmItem> films = table.indexPage(FilmItem.KIND, FilmsTable.GSI2, FilmsKeys.FILMS, prefix, keep, limit, cursor);
            List<FilmListRow> rows = new ArrayList<>();
            for (FilmItem film : films.items()) {
                rows.addAll(rowsOf(film, filter.categoryId(), nicer));
            }
            return Optional.of(new Page<>(rows, films.next()));
        }).orElseThrow();
    }

    private static List<FilmListRow> rowsOf(FilmItem film, Integer onlyCategory, boolean nicer) {
        Function<FilmItem.CastName, String> nameOf = nicer
                ? name -> initialCapital(name.firstName()) + initialCapital(name.lastName())
                : name -> name.firstName() + " " + name.lastName();
        String actors = film.cast().values().stream().map(nameOf).collect(Collectors.joining(", "));
        return film.categories().entrySet().stream()
                .filter(category -> onlyCategory == null || category.getKey().equals(onlyCategory))
                .map(Map.Entry::getValue)
                .sorted()
                .map(category -> new FilmListRow(film.filmId(), film.title(), film.description(), category, film.rentalRate(),
                        film.length(), film.rating(), actors))
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
    public CachedJson<Page<ActorInfo>> actors(int limit, String cursor) {
        return cached("actors:" + limit + ":" + cursor, () -> {
            Page<ActorItem> actors = table.indexPage(ActorItem.KIND, FilmsTable.GSI2, FilmsKeys.ACTORS, null, actor -> true,
                    limit, cursor);
            return Optional.of(new Page<>(actorInfos(actors.items()), actors.next()));
        }).orElseThrow();
    }

    public Optional<CachedJson<ActorInfo>> actor(int actorId) {
        return cached("actor:" + actorId, () -> table.get(ActorItem.KIND, ActorItem.key(actorId)).filter(ActorItem::registered)
                .map(actor -> actorInfos(List.of(actor)).get(0)));
    }

    private List<ActorInfo> actorInfos(List<ActorItem> actors) {
        Map<Integer, List<Integer>> filmsByActor = new TreeMap<>();
        for (ActorItem actor : actors) {
            filmsByActor.put(actor.actorId(), table.indexPartition(CastItem.KIND, FilmsTable.GSI1, FilmsKeys.actor(actor.actorId()))
                    .stream().map(CastItem::filmId).toList());
        }
        Map<Integer, FilmItem> films = table.getAll(FilmItem.KIND, filmsByActor.values().stream().flatMap(List::stream)
                        .distinct().map(FilmItem::key).toList())
                .stream().filter(FilmItem::registered).collect(Collectors.toMap(FilmItem::filmId, film -> film));
        List<ActorInfo> infos = new ArrayList<>();
        for (ActorItem actor : actors) {
            Map<String, TreeSet<String>> titlesByCategory = new TreeMap<>();
            for (int filmId : filmsByActor.get(actor.actorId())) {
                FilmItem film = films.get(filmId);
                if (film == null) {
                    continue;
                }
                for (String category : film.categories().values()) {
                    titlesByCategory.computeIfAbsent(category, name -> new TreeSet<>()).add(film.title());
                }
            }
            List<ActorInfo.CategoryFilms> byCategory = titlesByCategory.entrySet().stream()
                    .map(entry -> new ActorInfo.CategoryFilms(entry.getKey(), List.copyOf(entry.getValue()))).toList();
            String filmInfo = byCategory.isEmpty() ? null : byCategory.stream()
                    .map(category -> category.category() + ": " + String.join(", ", category.titles()))
                    .collect(Collectors.joining(", "));
            infos.add(new ActorInfo(actor.actorId(), actor.firstName(), actor.lastName(), filmInfo, byCategory));
        }
        return infos;
    }

    /** An actor's films in title order; empty when the actor is unknown. */
    public Optional<CachedJson<Page<FilmRef>>> filmsOfActor(int actorId, int limit, String cursor) {
        return filmsOf(() -> table.get(ActorItem.KIND, ActorItem.key(actorId)).filter(ActorItem::registered).isPresent(),
                CastItem.KIND, FilmsKeys.actor(actorId), limit, cursor);
    }

    /** A category's films in title order; empty when the category is unknown. */
    public Optional<CachedJson<Page<FilmRef>>> filmsOfCategory(int categoryId, int limit, String cursor) {
        return filmsOf(() -> table.get(CategoryItem.KIND, CategoryItem.key(categoryId)).filter(CategoryItem::created).isPresent(),
                CategorizationItem.KIND, FilmsKeys.category(categoryId), limit, cursor);
    }

    private Optional<CachedJson<Page<FilmRef>>> filmsOf(BooleanSupplier known, ItemKind<? extends FilmEdge> edges, String target,
                                                        int limit, String cursor) {
        return cached("films-of:" + target + ":" + limit + ":" + cursor, () -> known.getAsBoolean()
                ? Optional.of(table.indexPage(edges, FilmsTable.GSI1, target, null, edge -> true, limit, cursor)
                        .map(edge -> new FilmRef(edge.filmId(), edge.filmTitle())))
                : Optional.empty());
    }

    public CachedJson<Listing<CategoryView>> categories() {
        return cached("category-listing", () -> Optional.of(new Listing<>(
                table.indexPartition(CategoryItem.KIND, FilmsTable.GSI2, FilmsKeys.CATEGORIES).stream()
                        .map(category -> new CategoryView(category.categoryId(), category.name()))
                        .sorted(Comparator.comparingInt(CategoryView::categoryId)).toList()))).orElseThrow();
    }

    private <T> Optional<CachedJson<T>> cached(String question, java.util.function.Supplier<Optional<T>> loader) {
        return cache.readThroughJson(Slot.in(CacheKeys.CATALOG, question), loader);
    }
}
