package dev.pagila.query.catalog;

import dev.pagila.query.QuerySideProperties;
import dev.pagila.query.cache.CachedJson;
import dev.pagila.query.table.Page;
import dev.pagila.query.web.CachedHits;
import dev.pagila.query.web.Listing;
import dev.pagila.query.web.NotFoundException;
import dev.pagila.query.web.NotYetConsistentException;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpHeaders;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Semaphore;

/** The catalogue: Pagila's film lists, film detail with stock, actors with their films, categories. */
@RestController
@RequestMapping("/api")
public class FilmQueryController {

    private final FilmQueries films;
    private final CatalogQueries catalog;
    private final QuerySideProperties.Reads reads;
    private final Semaphore anonymousWaits;

    public FilmQueryController(FilmQueries films, CatalogQueries catalog, QuerySideProperties properties) {
        this.films = films;
        this.catalog = catalog;
        this.reads = properties.reads();
        this.anonymousWaits = new Semaphore(reads.anonymousWaits());
    }

    /** Pagila's {@code film_list}: one row per film and category, in title order, narrowed by any filter. */
    @GetMapping("/films")
    public CachedJson<Page<FilmListRow>> filmList(@Valid FilmListQuery query) {
        return catalog.filmList(query.filter(), false, query.pageSize(), query.cursor());
    }

    /** Pagila's {@code nicer_but_slower_film_list}: the same rows, actor names written "PenelopeGuiness". */
    @GetMapping("/films/nicer")
    public CachedJson<Page<FilmListRow>> nicerFilmList(@Valid FilmListQuery query) {
        return catalog.filmList(query.filter(), true, query.pageSize(), query.cursor());
    }

    /**
     * A film with cast, categories and stock per store. With {@code minPosition} (the position a command
     * returned) the answer includes that write, waiting up to {@code maxWaitMillis} for the projections (a caller
     * without a token: at most {@code pagila.reads.anonymous-max-wait}, and only so many at once).
     * {@code Cache-Control: no-cache} reads DynamoDB, bypassing Redis. Every branch answers the text the cache holds
     * or would hold, so the answer is the same whichever way it came; a plain public request whose answer Redis holds
     * is answered by {@link CachedHits} before this method, from that same text.
     */
    @GetMapping("/films/{filmId}")
    public CachedJson<FilmView> film(@PathVariable @Positive int filmId,
                                     @RequestParam(required = false) @PositiveOrZero Long minPosition,
                                     @RequestParam(required = false) @PositiveOrZero @Max(30_000) Long maxWaitMillis,
                                     @RequestHeader(name = HttpHeaders.CACHE_CONTROL, required = false) String cacheControl,
                                     @AuthenticationPrincipal Jwt caller) {
        if (minPosition != null) {
            Duration wait = maxWaitMillis == null ? reads.defaultWait() : Duration.ofMillis(maxWaitMillis);
            return caller != null ? films.findAtLeastJson(filmId, minPosition, min(wait, reads.maxWait()))
                    : anonymousFindAtLeast(filmId, minPosition, min(wait, reads.anonymousMaxWait()));
        }
        Optional<CachedJson<FilmView>> film = CachedHits.bypassesCache(cacheControl) ? films.findUncachedJson(filmId)
                : films.findJson(filmId);
        return film.orElseThrow(() -> new NotFoundException("film " + filmId));
    }

    private CachedJson<FilmView> anonymousFindAtLeast(int filmId, long minPosition, Duration wait) {
        if (!anonymousWaits.tryAcquire()) {
            throw new NotYetConsistentException(minPosition, Duration.ZERO);
        }
        try {
            return films.findAtLeastJson(filmId, minPosition, wait);
        } finally {
            anonymousWaits.release();
        }
    }

    /** Pagila's {@code actor_info}, a page of actors in name order. */
    @GetMapping("/actors")
    public CachedJson<Page<ActorInfo>> actors(@RequestParam(defaultValue = "50") @Min(1) @Max(500) int limit,
                                              @RequestParam(required = false) @Size(max = 2048) String cursor) {
        return catalog.actors(limit, cursor);
    }

    @GetMapping("/actors/{actorId}")
    public CachedJson<ActorInfo> actor(@PathVariable @Positive int actorId) {
        return catalog.actor(actorId).orElseThrow(() -> new NotFoundException("actor " + actorId));
    }

    @GetMapping("/actors/{actorId}/films")
    public CachedJson<Page<FilmRef>> filmsOfActor(@PathVariable @Positive int actorId,
                                                  @RequestParam(defaultValue = "50") @Min(1) @Max(500) int limit,
                                                  @RequestParam(required = false) @Size(max = 2048) String cursor) {
        return catalog.filmsOfActor(actorId, limit, cursor).orElseThrow(() -> new NotFoundException("actor " + actorId));
    }

    @GetMapping("/categories")
    public CachedJson<Listing<CategoryView>> categories() {
        return catalog.categories();
    }

    @GetMapping("/categories/{categoryId}/films")
    public CachedJson<Page<FilmRef>> filmsOfCategory(@PathVariable @Positive int categoryId,
                                                     @RequestParam(defaultValue = "50") @Min(1) @Max(500) int limit,
                                                     @RequestParam(required = false) @Size(max = 2048) String cursor) {
        return catalog.filmsOfCategory(categoryId, limit, cursor).orElseThrow(() -> new NotFoundException("category " + categoryId));
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
