package dev.pagila.query.catalog;

import dev.pagila.infra.dynamodb.FilmsKeys;
import dev.pagila.infra.redis.CacheKeys;
import dev.pagila.kernel.catalog.ActorCastEvent;
import dev.pagila.kernel.catalog.ActorRegisteredEvent;
import dev.pagila.kernel.catalog.ActorRemovedFromFilmEvent;
import dev.pagila.kernel.catalog.ActorRenamedEvent;
import dev.pagila.kernel.catalog.CategoryCreatedEvent;
import dev.pagila.kernel.catalog.CategoryRenamedEvent;
import dev.pagila.kernel.catalog.FilmCategorizedEvent;
import dev.pagila.kernel.catalog.FilmDetailsRevisedEvent;
import dev.pagila.kernel.catalog.FilmPricingChangedEvent;
import dev.pagila.kernel.catalog.FilmRegisteredEvent;
import dev.pagila.kernel.catalog.FilmUncategorizedEvent;
import dev.pagila.query.cache.VersionedCache;
import dev.pagila.query.projection.ProjectionOutcomes;
import dev.pagila.query.projection.ReplayRequest;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.TrackingToken;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * Projects the catalogue (films, their cast and categories, actors, categories) into the Films table, then
 * retires the cached answers it changed: the film's own, and every catalogue list. Edges and film items copy
 * the names they show, so this processing group runs in one segment: an edge and the actor it names are
 * always projected in stream order. Delivery is at-least-once: every write is conditional on the event's
 * position, and the invalidation runs whether the write applied or had already been applied, so a redelivery
 * after a crash between the two writes still clears Redis.
 */
@Component
@ProcessingGroup(CatalogProjection.PROCESSING_GROUP)
public class CatalogProjection {

    public static final String PROCESSING_GROUP = "catalog";

    private final CatalogTable catalog;
    private final VersionedCache cache;
    private final ProjectionOutcomes outcomes;

    public CatalogProjection(CatalogTable catalog, VersionedCache cache, MeterRegistry meters) {
        this.catalog = catalog;
        this.cache = cache;
        this.outcomes = new ProjectionOutcomes(meters, PROCESSING_GROUP);
    }

    @EventHandler
    public void on(FilmRegisteredEvent event, TrackingToken token) {
        // this group sees a film's registration before any cast or category of it: no edge to retitle
        outcomes.count(catalog.writeFilmDetails(event.filmId().value(), event.details(), outcomes.positionOf(token), false));
        changed(event.filmId().value());
    }

    @EventHandler
    public void on(FilmDetailsRevisedEvent event, TrackingToken token) {
        outcomes.count(catalog.writeFilmDetails(event.filmId().value(), event.details(), outcomes.positionOf(token), true));
        changed(event.filmId().value());
    }

    @EventHandler
    public void on(FilmPricingChangedEvent event, TrackingToken token) {
        outcomes.count(catalog.writeFilmPricing(event.filmId().value(), event.rentalDuration(), event.rentalRate(),
                event.replacementCost(), outcomes.positionOf(token)));
        changed(event.filmId().value());
    }

    @EventHandler
    public void on(ActorRegisteredEvent event, TrackingToken token) {
        outcomes.count(catalog.writeActor(event.actorId().value(), event.firstName(), event.lastName(),
                outcomes.positionOf(token), false));
        cache.invalidate(CacheKeys.generationOf(CacheKeys.CATALOG));
    }

    @EventHandler
    public void on(ActorRenamedEvent event, TrackingToken token) {
        outcomes.count(catalog.writeActor(event.actorId().value(), event.firstName(), event.lastName(),
                outcomes.positionOf(token), true));
        changed(catalog.filmIdsLinkedTo(FilmsKeys.actor(event.actorId().value())));
    }

    @EventHandler
    public void on(CategoryCreatedEvent event, TrackingToken token) {
        outcomes.count(catalog.writeCategory(event.categoryId().value(), event.name(), outcomes.positionOf(token), false));
        cache.invalidate(CacheKeys.generationOf(CacheKeys.CATALOG));
    }

    @EventHandler
    public void on(CategoryRenamedEvent event, TrackingToken token) {
        outcomes.count(catalog.writeCategory(event.categoryId().value(), event.name(), outcomes.positionOf(token), true));
        changed(catalog.filmIdsLinkedTo(FilmsKeys.category(event.categoryId().value())));
        // sales by category are reported under the category's name
        cache.invalidate(CacheKeys.generationOf(CacheKeys.SALES));
    }

    @EventHandler
    public void on(ActorCastEvent event, TrackingToken token) {
        outcomes.count(catalog.castActor(event.filmId().value(), event.actorId().value(), outcomes.positionOf(token)));
        changed(event.filmId().value());
    }

    @EventHandler
    public void on(ActorRemovedFromFilmEvent event, TrackingToken token) {
        outcomes.count(catalog.uncast(event.filmId().value(), event.actorId().value(), outcomes.positionOf(token)));
        changed(event.filmId().value());
    }

    @EventHandler
    public void on(FilmCategorizedEvent event, TrackingToken token) {
        outcomes.count(catalog.categorize(event.filmId().value(), event.categoryId().value(), outcomes.positionOf(token)));
        changed(event.filmId().value());
        cache.invalidate(CacheKeys.generationOf(CacheKeys.SALES));
    }

    @EventHandler
    public void on(FilmUncategorizedEvent event, TrackingToken token) {
        outcomes.count(catalog.uncategorize(event.filmId().value(), event.categoryId().value(), outcomes.positionOf(token)));
        changed(event.filmId().value());
        cache.invalidate(CacheKeys.generationOf(CacheKeys.SALES));
    }

    private void changed(List<Integer> filmIds) {
        filmIds.forEach(filmId -> cache.invalidate(VersionedCache.Slot.film(filmId)));
        cache.invalidate(CacheKeys.generationOf(CacheKeys.CATALOG));
    }

    private void changed(int filmId) {
        changed(List.of(filmId));
    }

    /** A replay from the first event starts from an empty slate: this group's items and every cached answer go. */
    @ResetHandler
    public void onReset(ReplayRequest request) {
        if (request.fromTheStart()) {
            catalog.clear();
        }
        cache.flush();
    }
}
