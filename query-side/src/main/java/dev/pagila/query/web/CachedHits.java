package dev.pagila.query.web;

import dev.pagila.query.cache.CachedJson;
import dev.pagila.query.cache.VersionedCache;
import dev.pagila.query.cache.VersionedCache.Slot;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Answers the busiest public questions, a film's detail ({@code GET /api/films/{id}}) and a film's copies in or out of
 * stock at a store ({@code GET /api/films/{id}/in-stock?storeId=s}, {@code /not-in-stock}), from Redis before the rest
 * of the stack runs, when Redis holds the answer. Profiled on 2 cores, a cache hit through the whole stack cost several
 * times its Redis round trip: Spring Security's chain (whose request matchers look up the Spring MVC handler of every
 * request), the request's observation, then Spring MVC's own handler lookup. Answered here, film detail outruns the
 * app's HTTP floor, an empty answer through that stack ({@code docs/benchmarks.md}).
 * <p>
 * So these URLs keep two ways in: the controllers, which cannot skip the stack, define the answers; this filter, which
 * cannot do the stack's work (tokens, validation, the OpenAPI description), only replays an answer they cached. The
 * body is the text the cache holds, which is what the controllers answer too ({@link CachedJson}), and the headers are
 * written by the query API's own Spring Security header filter, so a hit cannot drift from the answer through the stack.
 * <p>
 * Only requests anyone may make and that carry no credentials are answered here: one with an {@code Authorization}
 * header goes through Spring Security, which refuses a bad token on any path. Everything else (a miss,
 * {@code minPosition}, {@code Cache-Control: no-cache}, a malformed id, another parameter) goes on to the controllers,
 * which hold the rules and fill the cache. Hits answered here are counted by {@code pagila.cache.requests}, not by
 * {@code http.server.requests}.
 */
public class CachedHits extends HttpFilter {

    public static final String FILMS = "/api/films/";
    private static final String IN_STOCK = "/in-stock";
    private static final String NOT_IN_STOCK = "/not-in-stock";
    private static final String STORE = "storeId=";

    private final VersionedCache cache;
    private final Filter securityHeaders;

    /** @param securityHeaders Spring Security's filter that writes the headers of every answer */
    public CachedHits(VersionedCache cache, Filter securityHeaders) {
        this.cache = cache;
        this.securityHeaders = securityHeaders;
    }

    /**
     * A plain filter, registered for requests only (not error or async dispatches), so it needs none of
     * {@code OncePerRequestFilter}'s bookkeeping, an attribute named, set and read on every request.
     */
    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Optional<CachedJson<?>> hit = slotOf(request).flatMap(cache::hit);
        if (hit.isEmpty()) {
            chain.doFilter(request, response);
            return;
        }
        byte[] body = hit.get().text().getBytes(StandardCharsets.UTF_8);
        securityHeaders.doFilter(request, response, (headed, answer) -> {
            HttpServletResponse http = (HttpServletResponse) answer;
            http.setStatus(HttpServletResponse.SC_OK);
            http.setContentType(MediaType.APPLICATION_JSON_VALUE);
            http.setContentLength(body.length);
            http.getOutputStream().write(body);
        });
    }

    /** A client's {@code Cache-Control: no-cache}: the answer is read from DynamoDB, past Redis. */
    public static boolean bypassesCache(String cacheControl) {
        return cacheControl != null && cacheControl.contains("no-cache");
    }

    /** Where the answer of a plain public question is cached; empty for anything the stack must decide. */
    static Optional<Slot> slotOf(HttpServletRequest request) {
        String path = request.getRequestURI();
        if (!"GET".equals(request.getMethod()) || !path.startsWith(FILMS) || request.getHeader(HttpHeaders.AUTHORIZATION) != null) {
            return Optional.empty();
        }
        if (bypassesCache(request.getHeader(HttpHeaders.CACHE_CONTROL))) {
            return Optional.empty();
        }
        int idEnd = FILMS.length();
        while (idEnd < path.length() && Character.isDigit(path.charAt(idEnd))) {
            idEnd++;
        }
        int filmId = idOf(path, FILMS.length(), idEnd);
        if (filmId <= 0) {
            return Optional.empty();
        }
        String rest = path.substring(idEnd);
        String query = request.getQueryString();
        if (rest.isEmpty()) {
            return query == null ? Optional.of(Slot.film(filmId)) : Optional.empty();
        }
        if (!(rest.equals(IN_STOCK) || rest.equals(NOT_IN_STOCK)) || query == null || !query.startsWith(STORE)) {
            return Optional.empty();
        }
        int storeId = idOf(query, STORE.length(), query.length());
        return storeId > 0 ? Optional.of(Slot.filmStock(filmId, storeId, rest.equals(IN_STOCK))) : Optional.empty();
    }

    /** The positive id written in digits from {@code from} to {@code to}; 0 when there is none or it is too long. */
    private static int idOf(String text, int from, int to) {
        if (to == from || to - from > 9) {
            return 0;
        }
        int id = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return 0;
            }
            id = id * 10 + (c - '0');
        }
        return id;
    }
}
