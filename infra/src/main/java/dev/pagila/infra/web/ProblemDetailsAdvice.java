package dev.pagila.infra.web;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.databind.JsonMappingException;
import jakarta.validation.ConstraintViolationException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.validation.method.ParameterErrors;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import java.util.ArrayList;
import java.util.LinkedList;
import java.util.List;

/**
 * Turns every kind of bad input into a 400 RFC 9457 problem whose {@code errors} name the offending
 * fields: bean-validation failures, JSON that does not map (unknown enum value, wrong type) and JSON
 * that does not even parse.
 */
@RestControllerAdvice
public class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<FieldError> errors = new ArrayList<>();
        ex.getBindingResult().getFieldErrors().forEach(error -> errors.add(new FieldError(error.getField(),
                error.isBindingFailure() ? "'" + error.getRejectedValue() + "' is not a valid value" : error.getDefaultMessage())));
        ex.getBindingResult().getGlobalErrors().forEach(error ->
                errors.add(new FieldError(error.getObjectName(), error.getDefaultMessage())));
        return ResponseEntity.badRequest().body(Problems.invalid(errors));
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<FieldError> errors = new ArrayList<>();
        ex.getParameterValidationResults().forEach(result -> {
            if (result instanceof ParameterErrors bodyErrors) {
                // a validated request body: name the body's fields, not the Java parameter
                bodyErrors.getFieldErrors().forEach(error ->
                        errors.add(new FieldError(error.getField(), error.getDefaultMessage())));
            } else {
                result.getResolvableErrors().forEach(error ->
                        errors.add(new FieldError(result.getMethodParameter().getParameterName(), error.getDefaultMessage())));
            }
        });
        return ResponseEntity.badRequest().body(Problems.invalid(errors));
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return ResponseEntity.badRequest().body(Problems.invalid(List.of(unreadableField(ex))));
    }

    @Override
    protected ResponseEntity<Object> handleMissingServletRequestParameter(MissingServletRequestParameterException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return ResponseEntity.badRequest().body(Problems.invalid(List.of(
                new FieldError(ex.getParameterName(), "is required"))));
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    public ProblemDetail handleTypeMismatch(MethodArgumentTypeMismatchException ex) {
        String expected = ex.getRequiredType() == null ? "another type" : ex.getRequiredType().getSimpleName();
        return Problems.invalid(List.of(new FieldError(ex.getName(), "'" + ex.getValue() + "' is not a valid " + expected)));
    }

    @ExceptionHandler(ConstraintViolationException.class)
    public ProblemDetail handleConstraintViolation(ConstraintViolationException ex) {
        return Problems.invalid(ex.getConstraintViolations().stream().map(Problems::fieldError).toList());
    }

    private static FieldError unreadableField(HttpMessageNotReadableException ex) {
        Throwable cause = ex.getCause();
        if (cause instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            Throwable root = mapping.getCause() != null ? mapping.getCause() : mapping;
            String message = root instanceof JsonMappingException nested ? nested.getOriginalMessage() : root.getMessage();
            return new FieldError(pathOf(mapping.getPath()), firstLine(message));
        }
        if (cause instanceof JsonParseException parse) {
            String field = parse.getProcessor() != null ? pathOf(parse.getProcessor().getParsingContext()) : "";
            return new FieldError(field.isEmpty() ? "(body)" : field, "malformed JSON: " + firstLine(parse.getOriginalMessage()));
        }
        if (cause instanceof JsonMappingException mapping) {
            return new FieldError("(body)", firstLine(mapping.getOriginalMessage()));
        }
        return new FieldError("(body)", "the request body is missing or is not JSON");
    }

    private static String pathOf(List<JsonMappingException.Reference> path) {
        StringBuilder field = new StringBuilder();
        for (JsonMappingException.Reference reference : path) {
            if (reference.getFieldName() != null) {
                field.append(field.isEmpty() ? "" : ".").append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                field.append('[').append(reference.getIndex()).append(']');
            }
        }
        return field.toString();
    }

    private static String pathOf(JsonStreamContext context) {
        LinkedList<String> names = new LinkedList<>();
        for (JsonStreamContext current = context; current != null; current = current.getParent()) {
            if (current.inObject() && current.getCurrentName() != null) {
                names.addFirst(current.getCurrentName());
            }
        }
        return String.join(".", names);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "invalid value";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
