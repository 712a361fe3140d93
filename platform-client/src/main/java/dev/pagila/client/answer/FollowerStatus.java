package dev.pagila.client.answer;

import java.time.Instant;

/**
 * The live migration's follower ({@code GET /api/migration}, and the answer of its pause and follow): its state, the
 * system of record, the replication slot, the lag behind the monolith, and what it has appended. Fields that do not
 * apply (no slot, nothing followed yet) are null.
 */
public record FollowerStatus(String state, String systemOfRecord, String slot, String snapshotLsn, Instant snapshotAt,
                             String legacyLsn, String confirmedLsn, Long lagBytes, Double secondsBehind,
                             Instant lastLegacyCommit, long eventsAppended, double eventsPerSecond, long rowChanges,
                             long redeliveriesSkipped, String failure) {
}
