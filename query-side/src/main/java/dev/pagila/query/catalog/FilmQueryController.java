package dev.pagila.query.catalog;

import dev.pagila.infra.web.Problems;
import dev.pagila.query.config.QuerySideProperties;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Duration;

@RestController
@RequestMapping("/api/films")
public class FilmQueryController {

    private final FilmQueries queries;
    private final QuerySideProperties.Reads reads;

    public FilmQueryController(FilmQueries queries, QuerySideProperties properties) {
        this.queries = queries;
        this.reads = properties.reads();
    }

    /**
     * A film by id. With {@code minPosition} (the position a command returned) the answer includes that
     * write, waiting up to {@code maxWaitMillis} for the projection to reach it.
     */
    @GetMapping("/{filmId}")
    public ResponseEntity<Object> film(@PathVariable @Positive int filmId,
                                       @RequestParam(required = false) @PositiveOrZero Long minPosition,
                                       @RequestParam(required = false) @PositiveOrZero @Max(30_000) Long maxWaitMillis) {
        if (minPosition != null) {
            Duration wait = maxWaitMillis == null ? reads.defaultWait() : Duration.ofMillis(maxWaitMillis);
            return ResponseEntity.ok(queries.findAtLeast(filmId, minPosition, min(wait, reads.maxWait())));
        }
        return queries.find(filmId)
                .<ResponseEntity<Object>>map(ResponseEntity::ok)
                .orElseGet(() -> ResponseEntity.status(HttpStatus.NOT_FOUND).body(Problems.of(HttpStatus.NOT_FOUND,
                        Problems.NOT_FOUND, "Not found", "no film " + filmId + " is known")));
    }

    @ExceptionHandler(NotYetConsistentException.class)
    public ResponseEntity<ProblemDetail> notYetConsistent(NotYetConsistentException ex) {
        ProblemDetail problem = Problems.of(HttpStatus.SERVICE_UNAVAILABLE, Problems.NOT_YET_CONSISTENT,
                "Not yet consistent", ex.getMessage());
        problem.setProperty("position", ex.position());
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "1").body(problem);
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
