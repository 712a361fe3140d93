package dev.pagila.query.catalog;

import dev.pagila.kernel.catalog.ActorCastEvent;
import dev.pagila.kernel.catalog.ActorRegisteredEvent;
import dev.pagila.kernel.catalog.ActorRemovedFromFilmEvent;
import dev.pagila.kernel.catalog.ActorRenamedEvent;
import dev.pagila.kernel.catalog.CategoryCreatedEvent;
import dev.pagila.kernel.catalog.CategoryRenamedEvent;
import dev.pagila.kernel.catalog.FilmCategorizedEvent;
import dev.pagila.kernel.catalog.FilmDetails;
import dev.pagila.kernel.catalog.FilmDetailsRevisedEvent;
import dev.pagila.kernel.catalog.FilmPricingChangedEvent;
import dev.pagila.kernel.catalog.FilmRegisteredEvent;
import dev.pagila.kernel.catalog.FilmUncategorizedEvent;
import dev.pagila.query.cache.CacheKeys;
import dev.pagila.query.cache.VersionedCache;
import dev.pagila.query.projection.ProjectionWriter;
import dev.pagila.query.projection.ProjectionWriters;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.TrackingToken;
import org.springframework.stereotype.Component;

import java.util.List;


/**
 * Projects the catalogue (films, their cast and categories, actors, categories) into the Films table, a batch of
 * events at a time (see {@link ProjectionWriter}), then retires the cached answers it changed: the films' own, and
 * every catalogue list. Edges and film items copy the names they show, so this processing group runs in one
 * segment: an edge and the actor it names are always projected in stream order. The invalidations are recorded
 * whether or not an event still changes anything, so a redelivery after a crash between the DynamoDB write and
 * Redis still clears Redis.
 */
@Component
@ProcessingGroup(CatalogProjection.PROCESSING_GROUP)
public class CatalogProjection {

    public static final String PROCESSING_GROUP = "catalog";
    private static final String CATALOG = CacheKeys.generationOf(CacheKeys.CATALOG);
    private static final String SALES = CacheKeys.generationOf(CacheKeys.SALES);

    private final CatalogTable catalog;
    private final VersionedCache cache;
    private final ProjectionWriter writer;

    public CatalogProjection(CatalogTable catalog, VersionedCache cache, ProjectionWriters writers) {
        this.catalog = catalog;
        this.cache = cache;
        this.writer = writers.writerFor(PROCESSING_GROUP, catalog.table());
    }

    @EventHandler
    public void on(FilmRegisteredEvent event, TrackingToken token) {
        filmDescribed(event.filmId().value(), event.details(), token);
    }

    @EventHandler
    public void on(FilmDetailsRevisedEvent event, TrackingToken token) {
        filmDescribed(event.filmId().value(), event.details(), token);
    }

    private void filmDescribed(int film, FilmDetails details, TrackingToken token) {
        writer.apply(token, List.of(FilmItem.key(film)), (batch, position) ->
                catalog.writeFilmDetails(batch.items(), film, details, position), filmSlot(film), CATALOG);
    }

    @EventHandler
    public void on(FilmPricingChangedEvent event, TrackingToken token) {
        int film = event.filmId().value();
        writer.apply(token, List.of(FilmItem.key(film)), (batch, position) -> catalog.writeFilmPricing(batch.items(), film,
                event.rentalDuration(), event.rentalRate(), event.replacementCost(), position), filmSlot(film), CATALOG);
    }

    @EventHandler
    public void on(ActorRegisteredEvent event, TrackingToken token) {
        actorNamed(event.actorId().value(), event.firstName(), event.lastName(), token);
    }

    @EventHandler
    public void on(ActorRenamedEvent event, TrackingToken token) {
        actorNamed(event.actorId().value(), event.firstName(), event.lastName(), token);
    }

    private void actorNamed(int actor, String firstName, String lastName, TrackingToken token) {
        writer.apply(token, List.of(ActorItem.key(actor)), (batch, position) -> {
            CatalogTable.filmsOf(batch.items(), ActorItem.KIND, ActorItem.key(actor)).forEach(film -> batch.invalidate(filmSlot(film)));
            return catalog.writeActor(batch.items(), actor, firstName, lastName, position);
        }, CATALOG);
    }

    @EventHandler
    public void on(CategoryCreatedEvent event, TrackingToken token) {
        categoryNamed(event.categoryId().value(), event.name(), token);
    }

    @EventHandler
    public void on(CategoryRenamedEvent event, TrackingToken token) {
        categoryNamed(event.categoryId().value(), event.name(), token);
    }

    /** Sales by category are reported under the category's name, so they are retired too. */
    private void categoryNamed(int category, String name, TrackingToken token) {
        writer.apply(token, List.of(CategoryItem.key(category)), (batch, position) -> {
            CatalogTable.filmsOf(batch.items(), CategoryItem.KIND, CategoryItem.key(category)).forEach(film -> batch.invalidate(filmSlot(film)));
            return catalog.writeCategory(batch.items(), category, name, position);
        }, CATALOG, SALES);
    }

    @EventHandler
    public void on(ActorCastEvent event, TrackingToken token) {
        int film = event.filmId().value();
        int actor = event.actorId().value();
        writer.apply(token, List.of(FilmItem.key(film), ActorItem.key(actor), CastItem.key(film, actor)),
                (batch, position) -> catalog.castActor(batch.items(), film, actor, position), filmSlot(film), CATALOG);
    }

    @EventHandler
    public void on(ActorRemovedFromFilmEvent event, TrackingToken token) {
        int film = event.filmId().value();
        int actor = event.actorId().value();
        writer.apply(token, List.of(FilmItem.key(film), ActorItem.key(actor), CastItem.key(film, actor)),
                (batch, position) -> catalog.uncast(batch.items(), film, actor, position), filmSlot(film), CATALOG);
    }

    @EventHandler
    public void on(FilmCategorizedEvent event, TrackingToken token) {
        int film = event.filmId().value();
        int category = event.categoryId().value();
        writer.apply(token, List.of(FilmItem.key(film), CategoryItem.key(category), CategorizationItem.key(film, category)),
                (batch, position) -> catalog.categorize(batch.items(), film, category, position), filmSlot(film), CATALOG, SALES);
    }

    @EventHandler
    public void on(FilmUncategorizedEvent event, TrackingToken token) {
        int film = event.filmId().value();
        int category = event.categoryId().value();
        writer.apply(token, List.of(FilmItem.key(film), CategoryItem.key(category), CategorizationItem.key(film, category)),
                (batch, position) -> catalog.uncategorize(batch.items(), film, category, position), filmSlot(film), CATALOG, SALES);
    }

    private static String filmSlot(int filmId) {
        return VersionedCache.Slot.film(filmId).generationKey();
    }

    /**
     * A replay from a position or a time keeps the items (each ignores the events it has seen) but not the cached
     * answers. (A replay from the first event is a bulk fill, which clears the group's items itself.)
     */
    @ResetHandler
    public void onReset() {
        cache.flush();
    }
}
