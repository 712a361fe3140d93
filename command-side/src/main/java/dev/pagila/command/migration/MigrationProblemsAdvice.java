package dev.pagila.command.migration;

import dev.pagila.infra.web.Problems;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import java.net.URI;

/** The live migration's refusals as RFC 9457 problems. */
@RestControllerAdvice
public class MigrationProblemsAdvice {

    static final URI SYSTEM_OF_RECORD = URI.create("urn:pagila:problem:legacy-system-of-record");
    static final URI MIGRATION_STATE = URI.create("urn:pagila:problem:migration-state");

    @ExceptionHandler(LegacyIsSystemOfRecordException.class)
    public ProblemDetail legacyIsSystemOfRecord(LegacyIsSystemOfRecordException ex) {
        return Problems.of(HttpStatus.CONFLICT, SYSTEM_OF_RECORD, "The monolith is the system of record", ex.getMessage());
    }

    @ExceptionHandler(MigrationStateException.class)
    public ProblemDetail migrationState(MigrationStateException ex) {
        return Problems.of(HttpStatus.CONFLICT, MIGRATION_STATE, "Not possible in the migration's state", ex.getMessage());
    }
}
