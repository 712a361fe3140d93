package dev.pagila.infra.web;

import jakarta.validation.ConstraintViolation;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

import java.net.URI;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/** Builds RFC 9457 problem bodies with the platform's problem types. */
public final class Problems {

    public static final URI INVALID_REQUEST = URI.create("urn:pagila:problem:invalid-request");
    public static final URI NOT_FOUND = URI.create("urn:pagila:problem:not-found");
    public static final URI CONFLICT = URI.create("urn:pagila:problem:conflict");
    public static final URI NOT_YET_CONSISTENT = URI.create("urn:pagila:problem:not-yet-consistent");
    public static final URI READ_STORE_UNAVAILABLE = URI.create("urn:pagila:problem:read-store-unavailable");

    private Problems() {
    }

    public static ProblemDetail invalid(List<FieldError> errors) {
        List<FieldError> distinct = errors.stream()
                .distinct()
                .sorted(Comparator.comparing(FieldError::field).thenComparing(FieldError::message))
                .toList();
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, distinct.stream()
                .map(error -> error.field() + ": " + error.message())
                .collect(Collectors.joining("; ")));
        problem.setType(INVALID_REQUEST);
        problem.setTitle("Invalid request");
        problem.setProperty("errors", distinct);
        return problem;
    }

    /** A bean-validation violation named by its JSON field ("register.details.title" becomes "title"). */
    public static FieldError fieldError(ConstraintViolation<?> violation) {
        String path = violation.getPropertyPath().toString();
        return new FieldError(path.substring(path.lastIndexOf('.') + 1), violation.getMessage());
    }

    public static ProblemDetail of(HttpStatus status, URI type, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(type);
        problem.setTitle(title);
        return problem;
    }
}
