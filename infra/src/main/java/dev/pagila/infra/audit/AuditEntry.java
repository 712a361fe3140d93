package dev.pagila.infra.audit;

import java.time.Instant;

/**
 * One operator action: who ({@code actor}, the token's subject), when, what ({@code action} on {@code target}, which
 * may be null), and its {@code outcome} ({@link AuditLog#DONE}, {@link AuditLog#REFUSED} or {@link AuditLog#FAILED})
 * with a few words of {@code detail}: the result, or the reason of a refusal or a failure.
 */
public record AuditEntry(long id, Instant at, String actor, String action, String target, String outcome, String detail) {
}
