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
import dev.pagila.query.config.QuerySideProperties;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.TrackingToken;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.List;

/**
 * Projects the catalogue (films, their cast and categories, actors, categories) into the Films table, then
 * invalidates the cached answers of the films concerned. Edges copy the names they show, so this processing
 * group runs in one segment: an edge and the actor it names are always projected in stream order.
 * Delivery is at-least-once: every write is conditional on the event's position, and the invalidation runs
 * whether the write applied or had already been applied, so a redelivery after a crash between the two
 * writes still clears Redis.
 */
@Component
@ProcessingGroup(CatalogProjection.PROCESSING_GROUP)
public class CatalogProjection {

    public static final String PROCESSING_GROUP = "catalog";

    private final CatalogTable catalog;
    private final VersionedCache cache;
    private final Duration ttl;
    private final Counter applied;
    private final Counter alreadyApplied;

    @Autowired
    public CatalogProjection(CatalogTable catalog, VersionedCache cache, QuerySideProperties properties, MeterRegistry meters) {
        this(catalog, cache, properties.cache().ttl(), meters);
    }

    public CatalogProjection(CatalogTable catalog, VersionedCache cache, Duration ttl, MeterRegistry meters) {
        this.catalog = catalog;
        this.cache = cache;
        this.ttl = ttl;
        this.applied = outcomeCounter(meters, "applied");
        this.alreadyApplied = outcomeCounter(meters, "already-applied");
    }

    private static Counter outcomeCounter(MeterRegistry meters, String outcome) {
        return Counter.builder("pagila.projection.events")
                .description("events handled by a projection; already-applied ones were redelivered and changed nothing")
                .tag("group", PROCESSING_GROUP)
                .tag("outcome", outcome)
                .register(meters);
    }

    @EventHandler
    public void on(FilmRegisteredEvent event, TrackingToken token) {
        count(catalog.writeFilmDetails(event.filmId().value(), event.details(), positionOf(token)));
        refresh(event.filmId().value(), positionOf(token));
    }

    @EventHandler
    public void on(FilmDetailsRevisedEvent event, TrackingToken token) {
        count(catalog.writeFilmDetails(event.filmId().value(), event.details(), positionOf(token)));
        refresh(event.filmId().value(), positionOf(token));
    }

    @EventHandler
    public void on(FilmPricingChangedEvent event, TrackingToken token) {
        count(catalog.writeFilmPricing(event.filmId().value(), event.rentalDuration(), event.rentalRate(),
                event.replacementCost(), positionOf(token)));
        refresh(event.filmId().value(), positionOf(token));
    }

    @EventHandler
    public void on(ActorRegisteredEvent event, TrackingToken token) {
        count(catalog.writeActor(event.actorId().value(), event.firstName(), event.lastName(), positionOf(token), false));
    }

    @EventHandler
    public void on(ActorRenamedEvent event, TrackingToken token) {
        count(catalog.writeActor(event.actorId().value(), event.firstName(), event.lastName(), positionOf(token), true));
        refresh(catalog.filmIdsLinkedTo(FilmsKeys.actor(event.actorId().value())), positionOf(token));
    }

    @EventHandler
    public void on(CategoryCreatedEvent event, TrackingToken token) {
        count(catalog.writeCategory(event.categoryId().value(), event.name(), positionOf(token), false));
    }

    @EventHandler
    public void on(CategoryRenamedEvent event, TrackingToken token) {
        count(catalog.writeCategory(event.categoryId().value(), event.name(), positionOf(token), true));
        refresh(catalog.filmIdsLinkedTo(FilmsKeys.category(event.categoryId().value())), positionOf(token));
    }

    @EventHandler
    public void on(ActorCastEvent event, TrackingToken token) {
        count(catalog.castActor(event.filmId().value(), event.actorId().value(), positionOf(token)));
        refresh(event.filmId().value(), positionOf(token));
    }

    @EventHandler
    public void on(ActorRemovedFromFilmEvent event, TrackingToken token) {
        count(catalog.removeEdge(event.filmId().value(), FilmsKeys.actor(event.actorId().value()), positionOf(token)));
        refresh(event.filmId().value(), positionOf(token));
    }

    @EventHandler
    public void on(FilmCategorizedEvent event, TrackingToken token) {
        count(catalog.categorize(event.filmId().value(), event.categoryId().value(), positionOf(token)));
        refresh(event.filmId().value(), positionOf(token));
    }

    @EventHandler
    public void on(FilmUncategorizedEvent event, TrackingToken token) {
        count(catalog.removeEdge(event.filmId().value(), FilmsKeys.category(event.categoryId().value()), positionOf(token)));
        refresh(event.filmId().value(), positionOf(token));
    }

    private void count(boolean wasApplied) {
        (wasApplied ? applied : alreadyApplied).increment();
    }

    private void refresh(List<Integer> filmIds, long position) {
        filmIds.forEach(filmId -> refresh(filmId, position));
    }

    private void refresh(int filmId, long position) {
        cache.invalidate(CacheKeys.film(filmId), position, ttl);
    }

    static long positionOf(TrackingToken token) {
        return token.position().orElseThrow(() ->
                new IllegalStateException("the catalog projection needs positioned events, got " + token));
    }
}
