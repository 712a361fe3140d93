package dev.pagila.query.films;

import dev.pagila.infra.redis.CacheKeys;
import dev.pagila.kernel.catalog.FilmDetails;
import dev.pagila.kernel.catalog.FilmDetailsRevisedEvent;
import dev.pagila.kernel.catalog.FilmId;
import dev.pagila.kernel.catalog.FilmRegisteredEvent;
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

/**
 * Projects film events into the film {@code #META} item, then refreshes the cached answer. Delivery is
 * at-least-once: the DynamoDB write is conditional on the event's position, and when it finds the event
 * already applied (redelivery after a crash before the token was committed) it still refreshes the cache
 * from the stored item, so a crash between the two writes cannot leave Redis behind.
 */
@Component
@ProcessingGroup(FilmProjection.PROCESSING_GROUP)
public class FilmProjection {

    public static final String PROCESSING_GROUP = "films";

    private final FilmTable films;
    private final VersionedCache cache;
    private final Duration ttl;
    private final Counter applied;
    private final Counter alreadyApplied;

    @Autowired
    public FilmProjection(FilmTable films, VersionedCache cache, QuerySideProperties properties, MeterRegistry meters) {
        this(films, cache, properties.cache().ttl(), meters);
    }

    public FilmProjection(FilmTable films, VersionedCache cache, Duration ttl, MeterRegistry meters) {
        this.films = films;
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
        project(event.filmId(), event.details(), positionOf(token));
    }

    @EventHandler
    public void on(FilmDetailsRevisedEvent event, TrackingToken token) {
        project(event.filmId(), event.details(), positionOf(token));
    }

    private void project(FilmId filmId, FilmDetails details, long position) {
        if (films.writeDetails(filmId.value(), details, position)) {
            applied.increment();
            cache.putIfNewer(CacheKeys.film(filmId.value()), position, FilmView.of(filmId.value(), details, position), ttl);
        } else {
            alreadyApplied.increment();
            films.find(filmId.value()).ifPresent(stored ->
                    cache.putIfNewer(CacheKeys.film(filmId.value()), stored.position(), stored, ttl));
        }
    }

    static long positionOf(TrackingToken token) {
        return token.position().orElseThrow(() ->
                new IllegalStateException("the films projection needs positioned events, got " + token));
    }
}
