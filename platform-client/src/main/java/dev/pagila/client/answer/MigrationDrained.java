package dev.pagila.client.answer;

/**
 * A drain of the live migration ({@code POST /api/migration/drain}): every change the monolith committed up to
 * {@code marker} is in the event store, the last at {@code position}. Cut-over names the marker its parity check saw.
 */
public record MigrationDrained(String marker, long position) {
}
