package dev.pagila.query.catalog;

import dev.pagila.infra.dynamodb.FilmsTable;
import dev.pagila.kernel.catalog.FilmDetails;
import dev.pagila.kernel.money.Money;
import dev.pagila.query.table.FilmsKeys;
import dev.pagila.query.table.ItemBatch;
import dev.pagila.query.table.ItemKey;
import dev.pagila.query.table.ItemKind;
import dev.pagila.query.table.ReadModelTable;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The catalogue in the Films single table. A film's partition ({@code FILM#id}) holds its {@link FilmItem}, one
 * edge per cast member ({@link CastItem}) and category ({@link CategorizationItem}), and its copies
 * ({@link CopyItem}, written by the inventory projection). Edges copy the names they are shown with and, through
 * GSI1, list an actor's or a category's films by title; the film item keeps its cast and category names too, so a
 * film list is read from film items alone. Actors ({@link ActorItem}) and categories ({@link CategoryItem}) have
 * their own items, listed through GSI2, which name the films they are linked to.
 */
@Component
public class CatalogTable {

    /** Every kind this projection writes, which a replay from the start clears. */
    static final List<ItemKind<?>> KINDS = List.of(FilmItem.KIND, CastItem.KIND, CategorizationItem.KIND, ActorItem.KIND,
            CategoryItem.KIND);

    private final ReadModelTable table;

    public CatalogTable(ReadModelTable table) {
        this.table = table;
    }

    /** The table this projection writes. */
    public ReadModelTable table() {
        return table;
    }

    /** Writes a film's details; a new title also moves every live edge of the film in the title-ordered indexes. */
    public boolean writeFilmDetails(ItemBatch items, int filmId, FilmDetails details, long position) {
        ItemKey key = FilmItem.key(filmId);
        String previousTitle = items.item(FilmItem.KIND, key).title();
        boolean applied = items.update(FilmItem.KIND, key, position, film -> film.describe(filmId, details));
        if (applied && previousTitle != null && !previousTitle.equals(details.title())) {
            FilmItem film = items.item(FilmItem.KIND, key);
            List<ItemKey> cast = film.cast().keySet().stream().map(actorId -> CastItem.key(filmId, actorId)).toList();
            List<ItemKey> categories = film.categories().keySet().stream()
                    .map(categoryId -> CategorizationItem.key(filmId, categoryId)).toList();
            items.prefetch(Stream.concat(cast.stream(), categories.stream()).toList());
            cast.forEach(edge -> items.update(CastItem.KIND, edge, position, item -> item.retitle(details.title())));
            categories.forEach(edge -> items.update(CategorizationItem.KIND, edge, position, item -> item.retitle(details.title())));
        }
        return applied;
    }

    public boolean writeFilmPricing(ItemBatch items, int filmId, int rentalDuration, Money rentalRate, Money replacementCost,
                                    long position) {
        return items.update(FilmItem.KIND, FilmItem.key(filmId), position,
                film -> film.reprice(rentalDuration, rentalRate, replacementCost));
    }

    /** Writes an actor, and renames it on every edge and film item that shows the name. */
    public boolean writeActor(ItemBatch items, int actorId, String firstName, String lastName, long position) {
        ItemKey key = ActorItem.key(actorId);
        boolean applied = items.update(ActorItem.KIND, key, position, actor -> actor.name(actorId, firstName, lastName));
        List<Integer> films = filmsOf(items, ActorItem.KIND, key);
        items.prefetch(films.stream().flatMap(filmId -> Stream.of(CastItem.key(filmId, actorId), FilmItem.key(filmId))).toList());
        for (int filmId : films) {
            items.update(CastItem.KIND, CastItem.key(filmId, actorId), position, edge -> edge.name(firstName, lastName));
            items.update(FilmItem.KIND, FilmItem.key(filmId), position, film -> film.nameCastMember(actorId, firstName, lastName));
        }
        return applied;
    }

    public boolean writeCategory(ItemBatch items, int categoryId, String name, long position) {
        ItemKey key = CategoryItem.key(categoryId);
        boolean applied = items.update(CategoryItem.KIND, key, position, category -> category.name(categoryId, name));
        List<Integer> films = filmsOf(items, CategoryItem.KIND, key);
        items.prefetch(films.stream().flatMap(filmId -> Stream.of(CategorizationItem.key(filmId, categoryId),
                FilmItem.key(filmId))).toList());
        for (int filmId : films) {
            items.update(CategorizationItem.KIND, CategorizationItem.key(filmId, categoryId), position, edge -> edge.name(name));
            items.update(FilmItem.KIND, FilmItem.key(filmId), position, film -> film.nameCategory(categoryId, name));
        }
        return applied;
    }

    /** The films an actor or a category is linked to now, as its own item lists them. */
    public static List<Integer> filmsOf(ItemBatch items, ItemKind<? extends LinkedToFilms> kind, ItemKey actorOrCategory) {
        return items.item(kind, actorOrCategory).films();
    }

    public boolean castActor(ItemBatch items, int filmId, int actorId, long position) {
        ActorItem actor = items.item(ActorItem.KIND, ActorItem.key(actorId));
        String title = items.item(FilmItem.KIND, FilmItem.key(filmId)).title();
        boolean applied = items.update(CastItem.KIND, CastItem.key(filmId, actorId), position,
                edge -> edge.cast(filmId, title, actorId, actor));
        items.update(FilmItem.KIND, FilmItem.key(filmId), position,
                film -> film.nameCastMember(actorId, actor.firstName(), actor.lastName()));
        items.update(ActorItem.KIND, ActorItem.key(actorId), position, linked -> linked.link(filmId));
        return applied;
    }

    public boolean categorize(ItemBatch items, int filmId, int categoryId, long position) {
        CategoryItem category = items.item(CategoryItem.KIND, CategoryItem.key(categoryId));
        String title = items.item(FilmItem.KIND, FilmItem.key(filmId)).title();
        boolean applied = items.update(CategorizationItem.KIND, CategorizationItem.key(filmId, categoryId), position,
                edge -> edge.categorize(filmId, title, categoryId, category));
        items.update(FilmItem.KIND, FilmItem.key(filmId), position, film -> film.nameCategory(categoryId, category.name()));
        items.update(CategoryItem.KIND, CategoryItem.key(categoryId), position, linked -> linked.link(filmId));
        return applied;
    }

    public boolean uncast(ItemBatch items, int filmId, int actorId, long position) {
        boolean applied = items.update(CastItem.KIND, CastItem.key(filmId, actorId), position, FilmEdge::remove);
        items.update(FilmItem.KIND, FilmItem.key(filmId), position, film -> film.dropCastMember(actorId));
        items.update(ActorItem.KIND, ActorItem.key(actorId), position, linked -> linked.unlink(filmId));
        return applied;
    }

    public boolean uncategorize(ItemBatch items, int filmId, int categoryId, long position) {
        boolean applied = items.update(CategorizationItem.KIND, CategorizationItem.key(filmId, categoryId), position, FilmEdge::remove);
        items.update(FilmItem.KIND, FilmItem.key(filmId), position, film -> film.dropCategory(categoryId));
        items.update(CategoryItem.KIND, CategoryItem.key(categoryId), position, linked -> linked.unlink(filmId));
        return applied;
    }

    /** Deletes every item this projection writes. */
    public long clear() {
        return table.deleteItemsOf(KINDS);
    }

    /** The film with its cast, categories and copies, from one strongly consistent Query of its partition. */
    public Optional<FilmView> findFilm(int filmId) {
        FilmItem film = null;
        List<FilmView.CastMember> cast = new ArrayList<>();
        List<FilmView.CategoryName> categories = new ArrayList<>();
        List<FilmView.Copy> copies = new ArrayList<>();
        long position = 0;
        for (Map<String, AttributeValue> item : table.partition(FilmsKeys.film(filmId))) {
            position = Math.max(position, Long.parseLong(item.get(FilmsTable.POSITION).n()));
            if (FilmItem.KIND.isKindOf(item)) {
                film = FilmItem.KIND.from(item);
            } else if (CastItem.KIND.isKindOf(item)) {
                CastItem edge = CastItem.KIND.from(item);
                if (edge.live()) {
                    cast.add(new FilmView.CastMember(edge.actorId(), edge.firstName(), edge.lastName()));
                }
            } else if (CategorizationItem.KIND.isKindOf(item)) {
                CategorizationItem edge = CategorizationItem.KIND.from(item);
                if (edge.live()) {
                    categories.add(new FilmView.CategoryName(edge.categoryId(), edge.name()));
                }
            } else if (CopyItem.KIND.isKindOf(item)) {
                CopyItem.KIND.from(item).inCirculation().ifPresent(copies::add);
            }
        }
        if (film == null || !film.registered()) {
            return Optional.empty();
        }
        cast.sort(Comparator.comparingInt(FilmView.CastMember::actorId));
        categories.sort(Comparator.comparingInt(FilmView.CategoryName::categoryId));
        copies.sort(Comparator.comparingInt(FilmView.Copy::copyId));
        return Optional.of(new FilmView(film.filmId(), film.title(), film.description(), film.releaseYear(), film.languageId(),
                film.originalLanguageId(), film.rentalDuration(), film.rentalRate(), film.length(), film.replacementCost(),
                film.rating(), film.specialFeatures(), cast, categories, stockOf(copies), copies, position));
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
}
