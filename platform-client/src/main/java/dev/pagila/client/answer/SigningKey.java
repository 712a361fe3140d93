package dev.pagila.client.answer;

import java.time.Instant;

/** A published token signing key ({@code GET /api/signing-keys}, one element): {@code state} next, current or previous. */
public record SigningKey(String keyId, String state, Instant createdAt, Instant activatedAt, Instant retireAfter) {
}
