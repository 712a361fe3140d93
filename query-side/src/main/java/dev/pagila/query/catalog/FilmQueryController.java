package dev.pagila.query.catalog;

import dev.pagila.query.cache.CachedJson;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.Content;
import dev.pagila.query.QuerySideProperties;
import dev.pagila.query.table.Page;
import dev.pagila.query.web.NotFound;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import dev.pagila.query.web.NotYetConsistentException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Duration;
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
    @ApiResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = FilmListRow.Page.class)))
    public CachedJson filmList(@Valid FilmListQuery query) {
        return catalog.filmList(query.filter(), false, query.pageSize(), query.cursor());
    }

    /** Pagila's {@code nicer_but_slower_film_list}: the same rows, actor names written "PenelopeGuiness". */
    @GetMapping("/films/nicer")
    @ApiResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = FilmListRow.Page.class)))
    public CachedJson nicerFilmList(@Valid FilmListQuery query) {
        return catalog.filmList(query.filter(), true, query.pageSize(), query.cursor());
    }

    /**
     * A film with cast, categories and stock per store. With {@code minPosition} (the position a command
     * returned) the answer includes that write, waiting up to {@code maxWaitMillis} for the projections (a caller
     * without a token: at most {@code pagila.reads.anonymous-max-wait}, and only so many at once).
     * {@code Cache-Control: no-cache} reads DynamoDB, bypassing Redis.
     */
    @GetMapping("/films/{filmId}")
    @ApiResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = FilmView.class)))
    public ResponseEntity<Object> film(@PathVariable @Positive int filmId,
                                       @RequestParam(required = false) @PositiveOrZero Long minPosition,
                                       @RequestParam(required = false) @PositiveOrZero @Max(30_000) Long maxWaitMillis,
                                       @RequestHeader(name = HttpHeaders.CACHE_CONTROL, required = false) String cacheControl,
                                       @AuthenticationPrincipal Jwt caller) {
        if (minPosition != null) {
            Duration wait = maxWaitMillis == null ? reads.defaultWait() : Duration.ofMillis(maxWaitMillis);
            return ResponseEntity.ok(caller != null ? films.findAtLeast(filmId, minPosition, min(wait, reads.maxWait()))
                    : anonymousFindAtLeast(filmId, minPosition, min(wait, reads.anonymousMaxWait())));
        }
        boolean bypassCache = cacheControl != null && cacheControl.contains("no-cache");
        return (bypassCache ? films.findUncached(filmId).<Object>map(film -> film) : films.findJson(filmId).<Object>map(json -> json))
                .map(ResponseEntity::ok)
                .orElseGet(() -> NotFound.of("film " + filmId));
    }

    private FilmView anonymousFindAtLeast(int filmId, long minPosition, Duration wait) {
        if (!anonymousWaits.tryAcquire()) {
            throw new NotYetConsistentException(minPosition, Duration.ZERO);
        }
        try {
            return films.findAtLeast(filmId, minPosition, wait);
        } finally {
            anonymousWaits.release();
        }
    }

    /** Pagila's {@code actor_info}, a page of actors in name order. */
    @GetMapping("/actors")
    @ApiResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = ActorInfo.Page.class)))
    public CachedJson actors(@RequestParam(defaultValue = "50") @Min(1) @Max(500) int limit,
                                  @RequestParam(required = false) @Size(max = 2048) String cursor) {
        return catalog.actors(limit, cursor);
    }

    @GetMapping("/actors/{actorId}")
    @ApiResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = ActorInfo.class)))
    public ResponseEntity<Object> actor(@PathVariable @Positive int actorId) {
        return catalog.actor(actorId).<ResponseEntity<Object>>map(ResponseEntity::ok)
                .orElseGet(() -> NotFound.of("actor " + actorId));
    }

    @GetMapping("/actors/{actorId}/films")
    @ApiResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = FilmRef.Page.class)))
    public ResponseEntity<Object> filmsOfActor(@PathVariable @Positive int actorId,
                                               @RequestParam(defaultValue = "50") @Min(1) @Max(500) int limit,
                                               @RequestParam(required = false) @Size(max = 2048) String cursor) {
        return catalog.filmsOfActor(actorId, limit, cursor).<ResponseEntity<Object>>map(ResponseEntity::ok)
                .orElseGet(() -> NotFound.of("actor " + actorId));
    }

    @GetMapping("/categories")
    @ApiResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = CategoryView.Listing.class)))
    public CachedJson categories() {
        return catalog.categories();
    }

    @GetMapping("/categories/{categoryId}/films")
    @ApiResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = FilmRef.Page.class)))
    public ResponseEntity<Object> filmsOfCategory(@PathVariable @Positive int categoryId,
                                                  @RequestParam(defaultValue = "50") @Min(1) @Max(500) int limit,
                                                  @RequestParam(required = false) @Size(max = 2048) String cursor) {
        return catalog.filmsOfCategory(categoryId, limit, cursor).<ResponseEntity<Object>>map(ResponseEntity::ok)
                .orElseGet(() -> NotFound.of("category " + categoryId));
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
