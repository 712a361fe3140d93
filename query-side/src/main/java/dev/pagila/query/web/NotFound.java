package dev.pagila.query.web;

import dev.pagila.infra.web.Problems;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

/** The query API's 404: the read model knows nothing by that id. */
public final class NotFound {

    private NotFound() {
    }

    public static ResponseEntity<Object> of(String what) {
        ProblemDetail problem = Problems.of(HttpStatus.NOT_FOUND, Problems.NOT_FOUND, "Not found", "no " + what + " is known");
        return ResponseEntity.status(HttpStatus.NOT_FOUND).body(problem);
    }
}
