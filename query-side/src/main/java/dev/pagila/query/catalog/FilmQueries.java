package dev.pagila.query.catalog;

import dev.pagila.query.web.NotYetConsistentException;
import dev.pagila.query.cache.CachedJson;
import dev.pagila.query.cache.VersionedCache;
import dev.pagila.query.cache.VersionedCache.Slot;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** Answers film questions from Redis, else DynamoDB; never from the event store. */
@Service
public class FilmQueries {

    private static final Duration FIRST_PAUSE = Duration.ofMillis(10);
    private static final Duration LONGEST_PAUSE = Duration.ofMillis(500);

    private final CatalogTable films;
    private final VersionedCache cache;
    private final Clock clock;

    public FilmQueries(CatalogTable films, VersionedCache cache, Clock clock) {
        this.films = films;
        this.cache = cache;
        this.clock = clock;
    }

    /** The film detail as the JSON a client gets: from Redis as it is stored there, on a hit. */
    public Optional<CachedJson<FilmView>> findJson(int filmId) {
        return cache.readThroughJson(Slot.film(filmId), () -> films.findFilm(filmId));
    }

    public Optional<FilmView> find(int filmId) {
        return cache.readThrough(Slot.film(filmId), FilmView.class, () -> films.findFilm(filmId));
    }

    /** The film read from DynamoDB, bypassing the cache (a client's {@code Cache-Control: no-cache}). */
    public Optional<CachedJson<FilmView>> findUncachedJson(int filmId) {
        return films.findFilm(filmId).map(cache::asJson);
    }

    /** {@link #findAtLeast}, written as the cache holds the film. */
    public CachedJson<FilmView> findAtLeastJson(int filmId, long minPosition, Duration maxWait) {
        return cache.asJson(findAtLeast(filmId, minPosition, maxWait));
    }

    /**
     * The film as of at least {@code minPosition}, waiting up to {@code maxWait} for the projections to reach it. The
     * wait watches the film's generation in Redis, which its projection moves after each write, and reads DynamoDB
     * only when it moved; the pauses between looks double, so a long wait costs a few Redis reads. Without Redis, it
     * reads DynamoDB after each pause instead.
     *
     * @throws NotYetConsistentException when the projections have not reached the position in time
     */
    public FilmView findAtLeast(int filmId, long minPosition, Duration maxWait) {
        Instant deadline = clock.instant().plus(maxWait);
        Slot slot = Slot.film(filmId);
        Optional<String> generation = cache.generation(slot);
        Optional<FilmView> answer = find(filmId);
        Duration pause = FIRST_PAUSE;
        while (answer.isEmpty() || answer.get().position() < minPosition) {
            Duration left = Duration.between(clock.instant(), deadline);
            if (left.isNegative() || left.isZero()) {
                throw new NotYetConsistentException(minPosition, maxWait);
            }
            sleep(pause.compareTo(left) < 0 ? pause : left);
            pause = pause.multipliedBy(2).compareTo(LONGEST_PAUSE) < 0 ? pause.multipliedBy(2) : LONGEST_PAUSE;
            Optional<String> now = cache.generation(slot);
            if (now.isEmpty() || !now.equals(generation)) {
                generation = now;
                // the cache may hold an answer from before the position; DynamoDB has the newest
                answer = films.findFilm(filmId);
            }
        }
        return answer.get();
    }

    private static void sleep(Duration pause) {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the projection", e);
        }
    }
}
