package dev.pagila.command.migration;

import dev.pagila.command.sales.LateFeePolicy;
import dev.pagila.command.shared.CommandLookups;
import io.debezium.engine.ChangeEvent;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Applies a batch of the legacy database's committed changes, in one transaction: every change becomes the events the
 * import would have written ({@link LegacyChanges}), appended in commit order, and the accounts are kept in step
 * ({@link FollowedAccounts}); then the batch's progress is recorded ({@link FollowerProgress}).
 * <p>
 * The effect is exactly once although delivery is at least once: each event's identity is derived from the change's
 * position in the WAL, so a redelivered change finds its events stored and appends nothing. A batch that fails
 * appends nothing and is delivered again; the follower stops, and resuming starts from fresh memories of streams.
 * <p>
 * Runs on the engine's thread and never takes {@link LegacyFollower}'s monitor (see {@link FollowerProgress}).
 */
@Component
final class FollowedBatchApplier {

    private final MigrationProperties properties;
    private final TransactionTemplate transactions;
    private final JdbcTemplate jdbc;
    private final EventStorageEngine events;
    private final CommandLookups lookups;
    private final LateFeePolicy lateFees;
    private final FollowedAccounts accounts;
    private final FollowerProgress progress;
    private volatile Connection legacy;
    private volatile LegacyChanges changes;
    private volatile PendingEvents pending;

    FollowedBatchApplier(MigrationProperties properties, TransactionTemplate transactions, JdbcTemplate jdbc,
                         EventStorageEngine events, CommandLookups lookups, LateFeePolicy lateFees,
                         FollowedAccounts accounts, FollowerProgress progress) {
        this.properties = properties;
        this.transactions = transactions;
        this.jdbc = jdbc;
        this.events = events;
        this.lookups = lookups;
        this.lateFees = lateFees;
        this.accounts = accounts;
        this.progress = progress;
    }

    /** Before the engine starts: connects to the legacy database (for what changes do not carry) and forgets all. */
    void open() {
        try {
            legacy = properties.source().connect();
        } catch (SQLException e) {
            throw new MigrationStateException("the legacy database cannot be reached: " + e.getMessage());
        }
        rememberNothing();
    }

    /** Once the engine has stopped. */
    void close() throws SQLException {
        try {
            legacy.close();
        } finally {
            legacy = null;
        }
    }

    /** The engine's batch handler: returns once the batch is committed, throws if nothing of it was. */
    void apply(List<ChangeEvent<SourceRecord, SourceRecord>> records) {
        try {
            applyInOneTransaction(records);
        } catch (RuntimeException e) {
            rememberNothing(); // what this batch taught the memories was rolled back with it
            throw e;
        }
    }

    private void rememberNothing() {
        FollowedStreams streams = new FollowedStreams(events, lookups, () -> pending.appendAll());
        changes = new LegacyChanges(streams, legacy, lateFees);
        pending = new PendingEvents(events, lookups, streams);
    }

    private void applyInOneTransaction(List<ChangeEvent<SourceRecord, SourceRecord>> records) {
        long[] counts = new long[3];
        Map<String, Long> markersPassed = new LinkedHashMap<>(); // marker → row changes before it in this batch
        Instant[] committed = new Instant[1];
        transactions.executeWithoutResult(status -> {
            Set<String> stored = storedAmong(records);
            for (ChangeEvent<SourceRecord, SourceRecord> record : records) {
                if (!(record.value().value() instanceof Struct value) || value.schema().field("op") == null) {
                    continue; // a heartbeat
                }
                String op = value.getString("op");
                if (op.equals("m")) {
                    if (!DrainAndCutOver.MARKER_PREFIX.equals(value.getStruct("message").getString("prefix"))) {
                        continue; // a heartbeat of ours
                    }
                    Object content = value.getStruct("message").get("content");
                    byte[] bytes = content instanceof ByteBuffer buffer ? bytesOf(buffer) : (byte[]) content;
                    markersPassed.put(new String(bytes, StandardCharsets.UTF_8), counts[0]);
                    continue;
                }
                Struct source = value.getStruct("source");
                String table = source.getString("table");
                long lsn = source.getInt64("lsn");
                Instant committedAt = Instant.ofEpochMilli(source.getInt64("ts_ms"));
                counts[0]++;
                committed[0] = committedAt;
                List<LegacyEvent<?>> followed;
                try {
                    followed = changes.eventsFor(table, op, value.getStruct("before"), value.getStruct("after"), committedAt);
                } catch (SQLException e) {
                    throw new IllegalStateException("reading the legacy database for a change of " + table + " failed", e);
                }
                accounts.keepInStep(table, value.getStruct("before"), value.getStruct("after"), followed);
                if (followed.isEmpty()) {
                    continue;
                }
                if (stored.contains(identity(lsn, table, 0))) {
                    counts[2]++;
                    continue; // redelivered after a crash: its events are already in the store
                }
                for (int i = 0; i < followed.size(); i++) {
                    pending.add(followed.get(i), lsn, identity(lsn, table, i));
                    counts[1]++;
                }
            }
            pending.appendAll();
        });
        progress.record(new FollowerProgress.Batch(counts[0], counts[1], counts[2], markersPassed, committed[0]));
    }

    /** The same change always yields the same event ids: a second copy of it can be recognised and skipped. */
    static String identity(long lsn, String table, int index) {
        return UUID.nameUUIDFromBytes(("pagila-cdc/" + lsn + "/" + table + "/" + index).getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** Which of the batch's changes are already stored (a redelivery), in one query. */
    private Set<String> storedAmong(List<ChangeEvent<SourceRecord, SourceRecord>> records) {
        List<String> identities = new ArrayList<>();
        for (ChangeEvent<SourceRecord, SourceRecord> record : records) {
            if (record.value().value() instanceof Struct value && value.schema().field("source") != null
                    && value.getStruct("source") != null && value.getStruct("source").schema().field("table") != null) {
                Struct source = value.getStruct("source");
                if (source.getString("table") != null && source.get("lsn") != null) {
                    identities.add(identity(source.getInt64("lsn"), source.getString("table"), 0));
                }
            }
        }
        if (identities.isEmpty()) {
            return Set.of();
        }
        // Axon finds events by stream and position, not by identifier: one query answers the whole batch
        return new HashSet<>(jdbc.queryForList("SELECT event_identifier FROM events.domain_event_entry"
                + " WHERE event_identifier = ANY (?)", String.class, (Object) identities.toArray(String[]::new)));
    }

    private static byte[] bytesOf(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }
}
