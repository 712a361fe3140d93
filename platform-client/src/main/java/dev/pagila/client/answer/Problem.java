package dev.pagila.client.answer;

import java.time.Instant;

/**
 * A refusal (RFC 9457, {@code application/problem+json}): {@code rule} names the business rule a 409 refused by;
 * {@code activateFrom} says when a signing key refused for activation may be activated.
 */
public record Problem(String type, String title, int status, String detail, String rule, Instant activateFrom) {
}
