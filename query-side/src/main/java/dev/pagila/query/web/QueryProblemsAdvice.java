package dev.pagila.query.web;

import dev.pagila.infra.web.FieldError;
import dev.pagila.infra.web.Problems;
import dev.pagila.query.table.ReadModelTable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import software.amazon.awssdk.core.exception.SdkException;

import java.util.List;

/** Problems only the query side has: cursors it did not hand out, reads ahead of the projections, DynamoDB down. */
@RestControllerAdvice
public class QueryProblemsAdvice {

    @ExceptionHandler(ReadModelTable.InvalidCursorException.class)
    public ProblemDetail invalidCursor(ReadModelTable.InvalidCursorException ex) {
        return Problems.invalid(List.of(new FieldError("cursor", ex.getMessage())));
    }

    @ExceptionHandler(NotYetConsistentException.class)
    public ResponseEntity<ProblemDetail> notYetConsistent(NotYetConsistentException ex) {
        ProblemDetail problem = Problems.of(HttpStatus.SERVICE_UNAVAILABLE, Problems.NOT_YET_CONSISTENT,
                "Not yet consistent", ex.getMessage());
        problem.setProperty("position", ex.position());
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "1").body(problem);
    }

    /** The read store itself is unreachable: the one dependency a query cannot do without. */
    @ExceptionHandler(SdkException.class)
    public ResponseEntity<ProblemDetail> readStoreUnavailable(SdkException ex) {
        ProblemDetail problem = Problems.of(HttpStatus.SERVICE_UNAVAILABLE, Problems.READ_STORE_UNAVAILABLE,
                "Read store unavailable", "the read model cannot be reached; try again shortly");
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "5").body(problem);
    }
}
