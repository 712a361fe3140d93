package dev.pagila.command.web;

import dev.pagila.command.identity.ClerkMismatchException;
import dev.pagila.command.shared.Rule;
import dev.pagila.command.shared.RuleViolationException;
import dev.pagila.command.shared.UnknownReferenceException;
import dev.pagila.infra.security.ResourceServerSecurity;
import dev.pagila.infra.web.FieldError;
import dev.pagila.infra.web.Problems;
import org.axonframework.messaging.interceptors.JSR303ViolationException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import java.util.List;

/** Maps refusals from the command bus and the event store to RFC 9457 problems. */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
public class CommandProblemsAdvice {

    @ExceptionHandler(AggregateNotFoundException.class)
    public ProblemDetail notFound(AggregateNotFoundException ex) {
        return Problems.of(HttpStatus.NOT_FOUND, Problems.NOT_FOUND, "Not found",
                UnknownReferenceException.describe(ex.getAggregateIdentifier()));
    }

    @ExceptionHandler(UnknownReferenceException.class)
    public ProblemDetail unknownReference(UnknownReferenceException ex) {
        return Problems.of(HttpStatus.NOT_FOUND, Problems.NOT_FOUND, "Not found", ex.getMessage());
    }

    @ExceptionHandler(RuleViolationException.class)
    public ProblemDetail ruleViolation(RuleViolationException ex) {
        ProblemDetail problem = Problems.of(HttpStatus.CONFLICT, Problems.CONFLICT, "Refused by a business rule", ex.getMessage());
        problem.setProperty("rule", ex.rule().code());
        return problem;
    }

    @ExceptionHandler(ConcurrencyException.class)
    public ProblemDetail conflict(ConcurrencyException ex) {
        ProblemDetail problem = Problems.of(HttpStatus.CONFLICT, Problems.CONFLICT, "Conflict",
                "a concurrent change got there first; read again and retry");
        problem.setProperty("rule", Rule.CONCURRENT_CHANGE.code());
        return problem;
    }

    @ExceptionHandler(ClerkMismatchException.class)
    public ProblemDetail otherClerk(ClerkMismatchException ex) {
        ProblemDetail problem = Problems.of(HttpStatus.FORBIDDEN, ResourceServerSecurity.FORBIDDEN, "Forbidden", ex.getMessage());
        problem.setProperty("errors", List.of(new FieldError("staffId", "must be the signed-in clerk or left out")));
        return problem;
    }

    @ExceptionHandler(AccessDeniedException.class)
    public ProblemDetail forbidden(AccessDeniedException ex) {
        return Problems.of(HttpStatus.FORBIDDEN, ResourceServerSecurity.FORBIDDEN, "Forbidden", ex.getMessage());
    }

    @ExceptionHandler(JSR303ViolationException.class)
    public ProblemDetail invalidCommand(JSR303ViolationException ex) {
        return Problems.invalid(ex.getViolations().stream().map(Problems::fieldError).toList());
    }
}
