package dev.pagila.infra.web;

/** One offending field of a request, as listed in a problem body's {@code errors} member. */
public record FieldError(String field, String message) {
}
