package dev.pagila.command.migration;

import dev.pagila.command.identity.Accounts;
import dev.pagila.command.sales.LateFeePolicy;
import dev.pagila.command.shared.CommandLookups;
import dev.pagila.command.shared.IdSequences;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.messaging.MetaData;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Imports a live Pagila database into the event store, history intact: every row becomes events with its
 * original ids and timestamps, appended in large batches straight through the storage engine (no command
 * round-trips). Each batch is one transaction. Streams already in the store are extended from where they
 * end, so running the import again appends nothing, and an import killed midway completes on the next run
 * without duplicates or gaps.
 */
@Component
public class PagilaImporter {

    public static final int DEFAULT_BATCH_SIZE = 2_000;

    private final EventStorageEngine events;
    private final TransactionTemplate transactions;
    private final JdbcTemplate jdbc;
    private final CommandLookups lookups;
    private final IdSequences ids;
    private final LateFeePolicy lateFees;
    private final Accounts accounts;
    private final SystemOfRecord systemOfRecord;

    public PagilaImporter(EventStorageEngine events, TransactionTemplate transactions, JdbcTemplate jdbc,
                          CommandLookups lookups, IdSequences ids, LateFeePolicy lateFees, Accounts accounts,
                          SystemOfRecord systemOfRecord) {
        this.accounts = accounts;
        this.systemOfRecord = systemOfRecord;
        this.events = events;
        this.transactions = transactions;
        this.jdbc = jdbc;
        this.lookups = lookups;
        this.ids = ids;
        this.lateFees = lateFees;
    }

    public ImportReport importFrom(Connection legacy, ImportProgress progress) throws SQLException {
        return importFrom(legacy, progress, DEFAULT_BATCH_SIZE);
    }

    public ImportReport importFrom(Connection legacy, ImportProgress progress, int batchSize) throws SQLException {
        long started = System.nanoTime();
        if (legacy.getAutoCommit()) {
            legacy.setAutoCommit(false); // lets the driver stream large tables with a cursor
            legacy.setReadOnly(true);
        }
        PagilaHistory history = new PagilaHistory(legacy, lateFees);
        BatchWriter writer = new BatchWriter(streamEnds(), history.expectedEvents(), batchSize, progress);
        history.replay(writer::accept);
        writer.flush();
        moveIdSequencesAbove(history.highestIds());
        importAccounts(legacy);
        legacy.rollback();
        return new ImportReport(history.rowsPerTable(), writer.appendedPerType, writer.skipped, history.anomalies(),
                Duration.ofNanos(System.nanoTime() - started));
    }

    /**
     * The first step of a live migration: creates the legacy database's publication and replication slot, imports
     * from the snapshot the slot exports (so the slot's stream begins exactly after what is imported) and records
     * that the monolith stays the system of record until cut-over. Needs an empty event store: a snapshot cannot
     * be resumed, and an interrupted import drops its slot so that it can start again.
     */
    public ImportReport importToFollow(MigrationProperties.Source source, String slot, String publication,
                                       ImportProgress progress) throws SQLException {
        if (events.createHeadToken() != null) {
            throw new MigrationStateException("the event store is not empty: a followed import starts from an empty one");
        }
        try (ReplicationSlot replication = ReplicationSlot.create(source, slot, publication);
             Connection legacy = source.connect()) {
            legacy.setAutoCommit(false);
            legacy.setReadOnly(true);
            legacy.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            try (Statement statement = legacy.createStatement()) {
                statement.execute("SET TRANSACTION SNAPSHOT '" + replication.snapshotName().replace("'", "''") + "'");
            }
            ImportReport report = importFrom(legacy, progress);
            systemOfRecord.startFollowing(slot, publication, replication.consistentPoint(), replication.takenAt());
            return report;
        } catch (SQLException | RuntimeException e) {
            if (systemOfRecord.current().isEmpty()) {
                ReplicationSlot.drop(source, slot, publication);
            }
            throw e;
        }
    }

    /**
     * At cut-over: new ids start above everything the monolith issued while it was followed, and staff accounts
     * created there meanwhile come over with the password the monolith holds now (existing accounts are left as they
     * are: the follower applied their password changes as it followed them).
     */
    void takeOverFrom(Connection legacy) throws SQLException {
        moveIdSequencesAbove(new PagilaHistory(legacy, lateFees).highestIds());
        importAccounts(legacy);
    }

    /**
     * Staff keep their Pagila usernames and passwords: the legacy SHA-1 hash comes over as it is and is replaced
     * by a bcrypt hash at its first successful sign-in. Store managers are managers. An account already here
     * (an earlier import, a changed password) is left alone.
     */
    private void importAccounts(Connection legacy) throws SQLException {
        try (var statement = legacy.createStatement(); var rows = statement.executeQuery("""
                SELECT s.staff_id, s.username, s.password, s.store_id, s.active,
                       EXISTS (SELECT 1 FROM store WHERE manager_staff_id = s.staff_id)
                FROM staff s ORDER BY s.staff_id""")) {
            while (rows.next()) {
                String hash = rows.getString(3);
                accounts.imported(rows.getInt(1), rows.getString(2), hash == null ? null : Accounts.legacyHash(hash),
                        rows.getInt(4), rows.getBoolean(6), rows.getBoolean(5));
            }
        }
    }

    /**
     * The last sequence number of every stream already stored, in one query: Axon answers for one stream at a time
     * ({@code lastSequenceNumberFor}), and a resumed import would ask tens of thousands of them.
     */
    private Map<String, Long> streamEnds() {
        Map<String, Long> ends = new HashMap<>();
        jdbc.query("SELECT aggregate_identifier, max(sequence_number) FROM events.domain_event_entry GROUP BY aggregate_identifier",
                row -> {
                    ends.put(row.getString(1), row.getLong(2));
                });
        return ends;
    }

    private void moveIdSequencesAbove(Map<String, Long> highestIds) {
        highestIds.forEach((table, highest) -> {
            if (highest > 0) {
                ids.moveAbove(IdSequences.Kind.valueOf(table.toUpperCase()), highest);
            }
        });
    }

    private final class BatchWriter {

        private final Map<String, Long> streamEnds;
        private final long total;
        private final int batchSize;
        private final ImportProgress progress;
        private final List<DomainEventMessage<?>> batch = new ArrayList<>();
        private final Map<String, Long> appendedPerType = new LinkedHashMap<>();
        private long skipped;
        private long done;

        private BatchWriter(Map<String, Long> streamEnds, long total, int batchSize, ImportProgress progress) {
            this.streamEnds = streamEnds;
            this.total = total;
            this.batchSize = batchSize;
            this.progress = progress;
        }

        void accept(HistoricEvent event) {
            if (event.sequence() <= streamEnds.getOrDefault(event.aggregateId(), -1L)) {
                skipped++;
                done++;
                return;
            }
            batch.add(new GenericDomainEventMessage<>(event.aggregateType(), event.aggregateId(), event.sequence(),
                    event.payload(), MetaData.emptyInstance(), messageId(event), event.timestamp()));
            if (batch.size() >= batchSize) {
                flush();
            }
        }

        void flush() {
            if (batch.isEmpty()) {
                if (done > 0) {
                    progress.batchStored(done, total);
                }
                return;
            }
            List<Object> payloads = batch.stream().<Object>map(DomainEventMessage::getPayload).toList();
            transactions.executeWithoutResult(status -> {
                events.appendEvents(batch);
                lookups.record(payloads);
            });
            batch.forEach(message -> appendedPerType.merge(message.getPayloadType().getSimpleName(), 1L, Long::sum));
            done += batch.size();
            batch.clear();
            progress.batchStored(done, total);
        }

        /** The same fact always gets the same message id: a second copy of it could never be stored. */
        private static String messageId(HistoricEvent event) {
            return UUID.nameUUIDFromBytes(("pagila-import/" + event.aggregateId() + "/" + event.sequence())
                    .getBytes(StandardCharsets.UTF_8)).toString();
        }
    }
}
