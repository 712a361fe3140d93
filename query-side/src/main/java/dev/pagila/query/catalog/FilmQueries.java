package dev.pagila.query.catalog;

import dev.pagila.infra.redis.CacheKeys;
import dev.pagila.query.cache.VersionedCache;
import dev.pagila.query.config.QuerySideProperties;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** Answers film questions from Redis, else DynamoDB; never from the event store. */
@Service
public class FilmQueries {

    private static final Duration POLL_INTERVAL = Duration.ofMillis(15);

    private final CatalogTable films;
    private final VersionedCache cache;
    private final Duration ttl;
    private final Clock clock;

    @Autowired
    public FilmQueries(CatalogTable films, VersionedCache cache, QuerySideProperties properties, Clock clock) {
        this(films, cache, properties.cache().ttl(), clock);
    }

    public FilmQueries(CatalogTable films, VersionedCache cache, Duration ttl, Clock clock) {
        this.films = films;
        this.cache = cache;
        this.ttl = ttl;
        this.clock = clock;
    }

    public Optional<FilmView> find(int filmId) {
        Optional<FilmView> cached = cache.get(CacheKeys.film(filmId), FilmView.class);
        return cached.isPresent() ? cached : readThrough(filmId);
    }

    /**
     * The film as of at least {@code minPosition}, waiting up to {@code maxWait} for the projection to reach it.
     *
     * @throws NotYetConsistentException when the projection has not reached the position in time
     */
    public FilmView findAtLeast(int filmId, long minPosition, Duration maxWait) {
        Instant deadline = clock.instant().plus(maxWait);
        while (true) {
            Optional<FilmView> answer = cache.get(CacheKeys.film(filmId), FilmView.class)
                    .filter(view -> view.position() >= minPosition);
            if (answer.isEmpty()) {
                // a miss, or a cached answer older than asked for: DynamoDB may already have a newer one
                answer = readThrough(filmId).filter(view -> view.position() >= minPosition);
            }
            if (answer.isPresent()) {
                return answer.get();
            }
            if (!clock.instant().isBefore(deadline)) {
                throw new NotYetConsistentException(minPosition, maxWait);
            }
            sleep();
        }
    }

    private Optional<FilmView> readThrough(int filmId) {
        Optional<FilmView> stored = films.findFilm(filmId);
        stored.ifPresent(view -> cache.putIfNewer(CacheKeys.film(filmId), view.position(), view, ttl));
        return stored;
    }

    private static void sleep() {
        try {
            Thread.sleep(POLL_INTERVAL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the projection", e);
        }
    }
}
