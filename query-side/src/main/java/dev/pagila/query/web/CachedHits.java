package dev.pagila.query.web;

import dev.pagila.query.cache.CachedJson;
import dev.pagila.query.cache.VersionedCache;
import dev.pagila.query.cache.VersionedCache.Slot;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.security.web.header.HeaderWriter;
import org.springframework.security.web.header.writers.CacheControlHeadersWriter;
import org.springframework.security.web.header.writers.XContentTypeOptionsHeaderWriter;
import org.springframework.security.web.header.writers.XXssProtectionHeaderWriter;
import org.springframework.security.web.header.writers.frameoptions.XFrameOptionsHeaderWriter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * Answers the busiest public questions, a film's detail ({@code GET /api/films/{id}}) and a film's copies in or out of
 * stock at a store ({@code GET /api/films/{id}/in-stock?storeId=s}, {@code /not-in-stock}), from Redis before the rest
 * of the stack runs, when Redis holds the answer. Profiled on 2 cores, a cache hit through the whole stack cost several
 * times its Redis round trip: Spring Security's chain (whose request matchers look up the Spring MVC handler of every
 * request), the request's observation, then Spring MVC's own handler lookup.
 * <p>
 * Only requests anyone may make and that carry no credentials are answered here: one with an {@code Authorization}
 * header goes through Spring Security, which refuses a bad token on any path. The answer carries the headers Spring
 * Security writes on every answer, through its own header writers. Everything else (a miss, {@code minPosition},
 * {@code Cache-Control: no-cache}, a malformed id, another parameter) goes on to the controllers, which hold the
 * rules and fill the cache. Hits answered here are counted by {@code pagila.cache.requests}, not by
 * {@code http.server.requests}.
 */
public class CachedHits extends HttpFilter {

    public static final String FILMS = "/api/films/";
    private static final String IN_STOCK = "/in-stock";
    private static final String NOT_IN_STOCK = "/not-in-stock";
    private static final String STORE = "storeId=";
    private static final List<HeaderWriter> SECURITY_HEADERS = List.of(new XContentTypeOptionsHeaderWriter(),
            new XXssProtectionHeaderWriter(), new CacheControlHeadersWriter(),
            new XFrameOptionsHeaderWriter(XFrameOptionsHeaderWriter.XFrameOptionsMode.DENY));

    private final VersionedCache cache;

    public CachedHits(VersionedCache cache) {
        this.cache = cache;
    }

    /**
     * A plain filter, registered for requests only (not error or async dispatches), so it needs none of
     * {@code OncePerRequestFilter}'s bookkeeping, an attribute named, set and read on every request.
     */
    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Optional<CachedJson> hit = slotOf(request).flatMap(cache::hit);
        if (hit.isEmpty()) {
            chain.doFilter(request, response);
            return;
        }
        SECURITY_HEADERS.forEach(writer -> writer.writeHeaders(request, response));
        byte[] body = hit.get().text().getBytes(StandardCharsets.UTF_8);
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    /** Where the answer of a plain public question is cached; empty for anything the stack must decide. */
    static Optional<Slot> slotOf(HttpServletRequest request) {
        String path = request.getRequestURI();
        if (!"GET".equals(request.getMethod()) || !path.startsWith(FILMS) || request.getHeader(HttpHeaders.AUTHORIZATION) != null) {
            return Optional.empty();
        }
        String cacheControl = request.getHeader(HttpHeaders.CACHE_CONTROL);
        if (cacheControl != null && cacheControl.contains("no-cache")) {
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
