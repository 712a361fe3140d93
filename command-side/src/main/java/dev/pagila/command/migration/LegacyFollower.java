package dev.pagila.command.migration;

import dev.pagila.command.identity.Accounts;
import dev.pagila.infra.postgres.AdvisoryLocks;
import dev.pagila.command.sales.LateFeePolicy;
import dev.pagila.command.shared.CommandLookups;
import dev.pagila.kernel.stores.StoreOpenedEvent;
import io.debezium.embedded.Connect;
import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.ChangeEvent;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.axonframework.common.caching.Cache;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.messaging.MetaData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.jdbc.DataSourceProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Follows the monolith's database until cut-over: Debezium's embedded engine reads the replication slot the
 * import was aligned with (pgoutput, no Kafka) and every committed change becomes the events the import would
 * have written, appended in commit order, one transaction per batch of changes.
 * <p>
 * Delivery is at least once (offsets are stored after the batch commits); the effect is exactly once because
 * each event's identity is derived from the change's position in the WAL: a redelivered change finds its
 * events stored and appends nothing. Accounts are followed outside the event store, in the batch's transaction:
 * a staff row's password becomes the account's hash as it is followed (unless a password was set on the platform),
 * so staff sign in on the platform with the password the monolith holds; staff the monolith sets inactive or
 * deletes can no longer sign in, and a store's opening makes its manager a manager ({@code keepAccountInStep}).
 * A drain writes a marker into the legacy WAL
 * ({@code pg_logical_emit_message}) and waits until the follower has passed it: every change committed before
 * it has then been appended. Cut-over drains twice around the operator's parity check and refuses if any row
 * changed in between.
 */
@Component
public class LegacyFollower implements SmartLifecycle {

    static final String MARKER_PREFIX = "pagila-platform";
    private static final String HEARTBEAT_PREFIX = "pagila-platform-heartbeat";
    private static final Logger log = LoggerFactory.getLogger(LegacyFollower.class);

    private final MigrationProperties properties;
    private final SystemOfRecord systemOfRecord;
    private final EventStorageEngine events;
    private final TransactionTemplate transactions;
    private final JdbcTemplate jdbc;
    private final CommandLookups lookups;
    private final LateFeePolicy lateFees;
    private final DataSourceProperties platformDatabase;
    private final PagilaImporter importer;
    private final Accounts accounts;
    private final List<Cache> aggregateCaches;
    private final Clock clock;

    /**
     * Guards the follower's progress: the markers passed, the counters, the last commit followed and the samples of
     * the rate, and is what a drain waits on. A lock of its own, not this object's monitor: the lifecycle methods
     * ({@code follow}, {@code pause}, {@code cutOver}, the watchdog, {@code stop}) hold the monitor while they stop
     * the engine, and stopping waits for the batch in progress; a batch that needed the monitor to record its progress
     * would wait for the stop that waits for it, until Debezium's and the runner's timeouts gave up (70 s). So nothing
     * the engine's threads run takes the monitor, and this lock is only ever held briefly (a drain's {@code wait}
     * releases it) and never while taking the monitor or waiting for the engine.
     */
    private final Object progress = new Object();
    private final Map<String, Long> markers = new java.util.HashMap<>(); // guarded by progress
    private final Deque<long[]> appendedSamples = new ArrayDeque<>(); // guarded by progress
    private volatile DebeziumEngine<ChangeEvent<SourceRecord, SourceRecord>> engine;
    private volatile ExecutorService runner;
    private volatile Connection legacy;
    private volatile LegacyChanges changes;
    private volatile PendingEvents pending;
    private volatile State state = State.IDLE;
    private volatile String failure;
    private long rowChanges; // guarded by progress, as are the four below
    private long eventsAppended;
    private long redeliveries;
    private Instant lastCommittedAt;
    private Instant lastAppliedAt;

    public enum State { IDLE, FOLLOWING, STANDBY, PAUSED, FAILED, CUT_OVER }

    /** The advisory lock whose holder follows: one follower per event store, whichever instances are configured. */
    private static final long FOLLOWER_LOCK = AdvisoryLocks.LEGACY_FOLLOWER;
    private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "legacy-follower-watchdog");
        thread.setDaemon(true);
        return thread;
    });
    private volatile Connection leadership;
    private final java.util.concurrent.atomic.AtomicBoolean watched = new java.util.concurrent.atomic.AtomicBoolean();
    private volatile Instant failedAt;

    public LegacyFollower(MigrationProperties properties, SystemOfRecord systemOfRecord, EventStorageEngine events,
                          TransactionTemplate transactions, JdbcTemplate jdbc, CommandLookups lookups, LateFeePolicy lateFees,
                          DataSourceProperties platformDatabase, PagilaImporter importer, Accounts accounts,
                          List<Cache> aggregateCaches, MeterRegistry meters, Clock clock) {
        this.properties = properties;
        this.systemOfRecord = systemOfRecord;
        this.events = events;
        this.transactions = transactions;
        this.jdbc = jdbc;
        this.lookups = lookups;
        this.lateFees = lateFees;
        this.platformDatabase = platformDatabase;
        this.importer = importer;
        this.accounts = accounts;
        this.aggregateCaches = aggregateCaches;
        this.clock = clock;
        Gauge.builder("pagila.migration.lag.bytes", this, follower -> follower.slotPosition(follower.systemOfRecord.current()).map(SlotPosition::lagBytes)
                        .map(Long::doubleValue).orElse(Double.NaN))
                .description("WAL the legacy database has written that the follower has not confirmed").register(meters);
        Gauge.builder("pagila.migration.lag.seconds", this, follower -> follower.secondsBehind().orElse(Double.NaN))
                .description("from the legacy commit of the last change followed to its events being appended").register(meters);
        Gauge.builder("pagila.migration.events.appended", this, LegacyFollower::eventsAppended)
                .description("events appended by following the legacy database since this instance started").register(meters);
    }

    // -- lifecycle: follows from start-up when a source is configured and the monolith is the system of record --

    @Override
    public void start() {
        if (properties.source().configured() && systemOfRecord.current().filter(m -> !m.platformIsSystemOfRecord()).isPresent()) {
            follow();
        } else if (systemOfRecord.current().filter(SystemOfRecord.Migration::platformIsSystemOfRecord).isPresent()) {
            state = State.CUT_OVER;
        }
    }

    @Override
    public void stop() {
        watchdog.shutdownNow();
        stopEngine();
        releaseLeadership();
    }

    @Override
    public boolean isRunning() {
        return engine != null || leadership != null || state == State.STANDBY;
    }

    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 100; // after the event store and the lookups are up, stopped before them
    }

    public synchronized void follow() {
        if (engine != null) {
            return;
        }
        if (!properties.source().configured()) {
            throw new MigrationStateException("no legacy database configured (pagila.migration.source.url)");
        }
        SystemOfRecord.Migration migration = systemOfRecord.current().orElseThrow(() -> new MigrationStateException(
                "this event store was not imported from a replication slot's snapshot: run the import with --follow"));
        if (migration.platformIsSystemOfRecord()) {
            throw new MigrationStateException("cut over at " + migration.cutOverAt() + ": nothing to follow");
        }
        if (watched.compareAndSet(false, true)) {
            watchdog.scheduleWithFixedDelay(this::takeOverOrRecover, 1, 1, TimeUnit.SECONDS);
        }
        if (!holdsLeadership()) {
            if (state != State.STANDBY) {
                log.info("Another instance follows the legacy database; this one stands by to take over");
            }
            state = State.STANDBY;
            return;
        }
        try {
            legacy = properties.source().connect();
        } catch (SQLException e) {
            throw new MigrationStateException("the legacy database cannot be reached: " + e.getMessage());
        }
        rememberNothing();
        failure = null;
        engine = DebeziumEngine.create(Connect.class)
                .using(connectorProperties(migration))
                .notifying((records, committer) -> {
                    try {
                        applyInOneTransaction(records);
                    } catch (RuntimeException e) {
                        rememberNothing(); // what this batch taught the memories was rolled back with it
                        throw e;
                    }
                    for (ChangeEvent<SourceRecord, SourceRecord> record : records) {
                        committer.markProcessed(record);
                    }
                    committer.markBatchFinished();
                })
                .using((success, message, error) -> {
                    if (!success && state == State.FOLLOWING) {
                        failure = error != null ? error.getMessage() : message;
                        failedAt = clock.instant();
                        state = State.FAILED;
                        log.error("Following the legacy database stopped (again in {} s): {}",
                                properties.retryAfter().toSeconds(), failure, error);
                    }
                })
                .build();
        runner = Executors.newSingleThreadExecutor(runnable -> new Thread(runnable, "legacy-follower"));
        runner.execute(engine);
        state = State.FOLLOWING;
        log.info("Following the legacy database through slot {} (publication {})", migration.slot(), migration.publication());
    }

    /**
     * A standby takes over once the follower's lock is free; a follower stopped by a failure (the platform's database
     * or the legacy one unreachable, say) starts again after {@code retry-after}, from the stored offsets: nothing of
     * the failed batch was stored. A pause stops both.
     */
    private synchronized void takeOverOrRecover() {
        try {
            if (state == State.STANDBY) {
                follow();
            } else if (state == State.FAILED && failedAt.plus(properties.retryAfter()).isBefore(clock.instant())) {
                stopEngine();
                log.info("Following the legacy database again after: {}", failure);
                follow();
            }
        } catch (RuntimeException e) {
            failedAt = clock.instant();
            log.warn("Following the legacy database again failed: {}", e.getMessage());
        }
    }

    /**
     * Holds the follower lock on a connection of its own (a pooled one would keep the lock after its return): the
     * instance holding it follows, and it is released when the instance stops or its session dies, so a standby
     * takes over from the stored offsets. A pause keeps it, so that no standby resumes what an operator paused.
     */
    private boolean holdsLeadership() {
        if (leadership != null) {
            return true;
        }
        try {
            Connection connection = DriverManager.getConnection(platformDatabase.determineUrl(),
                    platformDatabase.determineUsername(), platformDatabase.determinePassword());
            try (PreparedStatement lock = connection.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
                lock.setLong(1, FOLLOWER_LOCK);
                try (ResultSet locked = lock.executeQuery()) {
                    locked.next();
                    if (locked.getBoolean(1)) {
                        leadership = connection;
                        return true;
                    }
                }
            }
            connection.close();
            return false;
        } catch (SQLException e) {
            throw new MigrationStateException("the follower lock cannot be taken: " + e.getMessage());
        }
    }

    private synchronized void releaseLeadership() {
        if (leadership != null) {
            try {
                leadership.close(); // ends the session, and the lock with it
            } catch (SQLException e) {
                log.warn("Releasing the follower lock: {}", e.getMessage());
            }
            leadership = null;
        }
    }

    public synchronized void pause() {
        if (state != State.FOLLOWING && state != State.FAILED) {
            throw new MigrationStateException("not following (" + state.name().toLowerCase() + ")");
        }
        stopEngine();
        state = State.PAUSED;
    }

    /**
     * Holds the monitor, as its callers do, while it waits for the batch in progress to finish: safe because nothing
     * the engine runs takes the monitor (its progress is recorded under {@code progress}).
     */
    private synchronized void stopEngine() {
        if (engine == null) {
            return;
        }
        try {
            engine.close();
            runner.shutdown();
            runner.awaitTermination(30, TimeUnit.SECONDS);
            legacy.close();
        } catch (Exception e) {
            log.warn("Stopping the follower: {}", e.getMessage());
        } finally {
            engine = null;
            runner = null;
            legacy = null;
        }
    }

    private Properties connectorProperties(SystemOfRecord.Migration migration) {
        URI source = URI.create(properties.source().url().substring("jdbc:".length()));
        Properties connector = new Properties();
        connector.setProperty("name", "pagila-legacy");
        connector.setProperty("connector.class", "io.debezium.connector.postgresql.PostgresConnector");
        connector.setProperty("database.hostname", source.getHost());
        connector.setProperty("database.port", String.valueOf(source.getPort() < 0 ? 5432 : source.getPort()));
        connector.setProperty("database.dbname", source.getPath().substring(1));
        connector.setProperty("database.user", properties.source().user());
        if (properties.source().password() != null) {
            connector.setProperty("database.password", properties.source().password());
        }
        connector.setProperty("topic.prefix", "legacy");
        connector.setProperty("plugin.name", "pgoutput");
        connector.setProperty("slot.name", migration.slot());
        connector.setProperty("publication.name", migration.publication());
        connector.setProperty("publication.autocreate.mode", "disabled"); // created with the slot, before its snapshot
        connector.setProperty("snapshot.mode", "no_data"); // the import was the snapshot
        connector.setProperty("table.include.list", ReplicationSlot.FOLLOWED_TABLES.stream()
                .map(table -> "public." + table).collect(Collectors.joining(",")));
        // never captured: the search vector is derived and pictures are not migrated; staff.password is, for the
        // account alone (never for an event)
        connector.setProperty("column.exclude.list", "public.film.fulltext,public.staff.picture");
        connector.setProperty("decimal.handling.mode", "string");
        connector.setProperty("tombstones.on.delete", "false");
        // hands changes over every 50 ms rather than the default 500: the follow lag a cut-over waits for
        connector.setProperty("poll.interval.ms", "50");
        connector.setProperty("message.prefix.include.list", MARKER_PREFIX + "," + HEARTBEAT_PREFIX);
        // While the legacy database is quiet and other databases of its server are not, a tiny non-transactional
        // message in its WAL lets the slot confirm a newer position, so the server can recycle its WAL.
        connector.setProperty("heartbeat.interval.ms", "5000");
        connector.setProperty("heartbeat.action.query", "SELECT pg_logical_emit_message(false, '" + HEARTBEAT_PREFIX + "', '')");
        connector.setProperty("offset.storage", ConnectorOffsets.class.getName());
        connector.setProperty("offset.flush.interval.ms", "0");
        connector.setProperty(ConnectorOffsets.URL, platformDatabase.determineUrl());
        connector.setProperty(ConnectorOffsets.USER, platformDatabase.determineUsername());
        connector.setProperty(ConnectorOffsets.PASSWORD, platformDatabase.determinePassword());
        return connector;
    }

    // -- applying changes --

    /**
     * One transaction per batch: events are appended together at its end, or earlier whenever a change needs to
     * read the store (which then sees them). A batch that fails appends nothing and is delivered again; the
     * follower stops, and resuming starts from fresh memories of streams.
     */
    private void rememberNothing() {
        StreamEnds ends = new StreamEnds();
        changes = new LegacyChanges(events, lookups, lateFees, legacy, () -> pending.appendAll());
        pending = new PendingEvents(ends, changes);
    }

    private void applyInOneTransaction(List<ChangeEvent<SourceRecord, SourceRecord>> records) {
        long[] counts = new long[3];
        Map<String, Long> markersPassed = new java.util.LinkedHashMap<>(); // marker → row changes before it in this batch
        Instant[] committed = new Instant[1];
        transactions.executeWithoutResult(status -> {
            java.util.Set<String> stored = storedAmong(records);
            for (ChangeEvent<SourceRecord, SourceRecord> record : records) {
                if (!(record.value().value() instanceof Struct value) || value.schema().field("op") == null) {
                    continue; // a heartbeat
                }
                String op = value.getString("op");
                if (op.equals("m")) {
                    if (!MARKER_PREFIX.equals(value.getStruct("message").getString("prefix"))) {
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
                List<LegacyChanges.Followed> followed;
                try {
                    followed = changes.eventsFor(table, op, value.getStruct("before"), value.getStruct("after"), committedAt);
                } catch (SQLException e) {
                    throw new IllegalStateException("reading the legacy database for a change of " + table + " failed", e);
                }
                // Credentials are not domain facts and stay out of the event store, so no event carries a password:
                // the account row is written here, in the batch's transaction, and commits or rolls back with its
                // events. The same hash is never written twice, so a redelivered change (or one that left the
                // password as it was) changes nothing. Without the row as it was (replica identity), a change of
                // other columns cannot be told from a new password once a sign-in here replaced the SHA-1 with
                // bcrypt: that account gets the monolith's hash back, and the same password signs in either way.
                LegacyChanges.staffPassword(table, value.getStruct("after"))
                        .ifPresent(password -> accounts.legacyPasswordChanged(password.staffId(), password.sha1Hex()));
                keepAccountInStep(table, value.getStruct("before"), value.getStruct("after"), followed);
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
        synchronized (progress) { // never this object's monitor: see progress
            markersPassed.forEach((marker, changesBefore) -> markers.put(marker, rowChanges + changesBefore));
            rowChanges += counts[0];
            eventsAppended += counts[1];
            redeliveries += counts[2];
            if (committed[0] != null) {
                lastCommittedAt = committed[0];
                lastAppliedAt = clock.instant();
            }
            long now = clock.millis();
            appendedSamples.addLast(new long[] {now, eventsAppended});
            while (appendedSamples.size() > 2 && appendedSamples.peekFirst()[0] < now - 10_000) {
                appendedSamples.removeFirst();
            }
            progress.notifyAll();
        }
    }

    /**
     * What {@code AccountLookups} does for staff and stores on the normal command path, for a followed change. The
     * accounts are not in the event store, and followed events never reach {@code AccountLookups}: the follower
     * appends them to the storage engine directly, past the event bus its handlers listen on. So the account row is
     * written here, in the batch's transaction, and commits or rolls back with the batch's events; every write sets
     * a value (never toggles one), so a change delivered again after a crash leaves the account as it was.
     * <ul>
     * <li>A member of staff the monolith sets inactive (or deletes) can no longer sign in. Taken from the row, not
     * from {@code StaffDeactivatedEvent}: that event is yielded only when the stream still says active, and the
     * account must follow the monolith whatever the stream says. Set active again in the monolith, the account stays
     * inactive: the domain has no reactivation (deactivation is final, no event records the contrary), and an account
     * active again beside a stream that says inactive could not be deactivated on the platform after cut-over (the
     * command is refused as already done).</li>
     * <li>A store opened in the monolith (the one store change that yields an event, {@code StoreOpenedEvent}) makes
     * its manager a manager. A changed {@code store.manager_staff_id} yields no event (the domain has none for a
     * change of manager, and never takes the flag away): neither manager's flag changes here; the parity check compares
     * each store's manager ({@code sales_by_store}) and so refuses such a change at cut-over.</li>
     * </ul>
     * Staff hired in the monolith meanwhile have no account until cut-over brings theirs over, as the monolith then
     * holds it; these writes find no row for them.
     */
    private void keepAccountInStep(String table, Struct before, Struct after, List<LegacyChanges.Followed> followed) {
        LegacyChanges.staffNoLongerActive(table, before, after).ifPresent(accounts::deactivated);
        for (LegacyChanges.Followed event : followed) {
            if (event.payload() instanceof StoreOpenedEvent opened) {
                accounts.managesStore(opened.managerStaffId().value());
            }
        }
    }

    /** The same change always yields the same event ids: a second copy of it can be recognised and skipped. */
    static String identity(long lsn, String table, int index) {
        return UUID.nameUUIDFromBytes(("pagila-cdc/" + lsn + "/" + table + "/" + index).getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** Which of the batch's changes are already stored (a redelivery), in one query. */
    private java.util.Set<String> storedAmong(List<ChangeEvent<SourceRecord, SourceRecord>> records) {
        List<String> identities = new java.util.ArrayList<>();
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
            return java.util.Set.of();
        }
        // Axon finds events by stream and position, not by identifier: one query answers the whole batch
        return new java.util.HashSet<>(jdbc.queryForList("SELECT event_identifier FROM events.domain_event_entry"
                + " WHERE event_identifier = ANY (?)", String.class, (Object) identities.toArray(String[]::new)));
    }

    /** The position of the last event stored, -1 in an empty store. */
    private long headPosition() {
        org.axonframework.eventhandling.TrackingToken head = events.createHeadToken();
        return head == null ? -1 : head.position().orElse(-1);
    }

    /**
     * The next sequence number of each stream the follower appends to, read once and then counted here: while the
     * monolith is the system of record nothing else appends. Bounded; a forgotten stream is read again.
     */
    private final class StreamEnds {

        private final Map<String, Long> next = new java.util.LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
                return size() > 200_000;
            }
        };

        long take(String aggregateId) {
            Long sequence = next.get(aggregateId);
            if (sequence == null) {
                sequence = events.lastSequenceNumberFor(aggregateId).map(last -> last + 1).orElse(0L);
            }
            next.put(aggregateId, sequence + 1);
            return sequence;
        }
    }

    /** The current batch's events not yet appended, appended in one call with their lookups. */
    private final class PendingEvents {

        private final StreamEnds ends;
        private final LegacyChanges changes;
        private final List<org.axonframework.eventhandling.DomainEventMessage<?>> messages = new java.util.ArrayList<>();

        PendingEvents(StreamEnds ends, LegacyChanges changes) {
            this.ends = ends;
            this.changes = changes;
        }

        void add(LegacyChanges.Followed event, long lsn, String identity) {
            messages.add(new GenericDomainEventMessage<>(event.aggregateType(), event.aggregateId(),
                    ends.take(event.aggregateId()), event.payload(), MetaData.with("legacy_lsn", lsn), identity, event.timestamp()));
            changes.appended(event.payload());
        }

        void appendAll() {
            if (messages.isEmpty()) {
                return;
            }
            events.appendEvents(messages);
            lookups.record(messages.stream().<Object>map(org.axonframework.eventhandling.DomainEventMessage::getPayload).toList());
            messages.clear();
        }
    }

    private static byte[] bytesOf(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }

    // -- drain and cut-over --

    /**
     * Writes a marker into the legacy WAL and waits until the follower has passed it: every change the monolith
     * committed before the marker is then in the event store.
     */
    public Drained drain() {
        if (state != State.FOLLOWING) {
            throw new MigrationStateException("a drain needs the follower running (" + state.name().toLowerCase() + ")"
                    + (state == State.STANDBY ? ": another instance follows, ask it" : ""));
        }
        String marker = UUID.randomUUID().toString();
        try (Connection connection = properties.source().connect();
             PreparedStatement emit = connection.prepareStatement("SELECT pg_logical_emit_message(true, ?, ?)")) {
            emit.setString(1, MARKER_PREFIX);
            emit.setString(2, marker);
            emit.execute();
        } catch (SQLException e) {
            throw new MigrationStateException("writing a marker into the legacy database failed: " + e.getMessage());
        }
        long deadline = System.nanoTime() + properties.drainTimeout().toNanos();
        synchronized (progress) {
            while (!markers.containsKey(marker)) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || state != State.FOLLOWING) { // volatile: set under the monitor, read without it
                    throw new MigrationStateException("the follower did not reach the drain marker within "
                            + properties.drainTimeout().toSeconds() + " s (" + state.name().toLowerCase() + ")");
                }
                try {
                    progress.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new MigrationStateException("interrupted while draining");
                }
            }
        }
        return new Drained(marker, headPosition());
    }

    /**
     * Makes the platform the system of record once the operator's parity check passed at {@code checkedAtMarker}:
     * drains again and refuses if the monolith changed any followed row since, then stops following, moves the id
     * sequences above the monolith's, brings over staff accounts created meanwhile (passwords changed and staff who
     * left meanwhile were applied as they were followed), drops the slot and the publication, and opens the command API.
     */
    public synchronized CutOver cutOver(String checkedAtMarker) {
        // holds the monitor through its drain, so no pause, resume or take-over interleaves with the cut-over; the
        // batches the drain waits for need only the progress lock
        Long changesAtCheck = rowChangesBefore(checkedAtMarker);
        if (changesAtCheck == null) {
            throw new MigrationStateException("marker " + checkedAtMarker + " was not drained by this instance: drain,"
                    + " check parity, then cut over with the marker the drain answered");
        }
        Drained now = drain();
        long changedSince = rowChangesBefore(now.marker()) - changesAtCheck;
        if (changedSince != 0) {
            throw new MigrationStateException("the legacy database changed " + changedSince + " row(s) after the parity"
                    + " check: stop its writes, drain and check again");
        }
        SystemOfRecord.Migration migration = systemOfRecord.current().orElseThrow();
        stopEngine();
        try (Connection connection = properties.source().connect()) {
            connection.setAutoCommit(false);
            connection.setReadOnly(true);
            importer.takeOverFrom(connection);
            connection.rollback();
            ReplicationSlot.drop(properties.source(), migration.slot(), migration.publication());
        } catch (SQLException e) {
            state = State.PAUSED;
            throw new MigrationStateException("taking over from the legacy database failed: " + e.getMessage());
        }
        systemOfRecord.cutOver();
        releaseLeadership();
        aggregateCaches.forEach(Cache::removeAll); // nothing was loaded through them while commands were refused
        state = State.CUT_OVER;
        return new CutOver(now.marker(), now.position(), clock.instant());
    }

    /** The row changes followed before a drained marker, null for a marker this instance has not passed. */
    private Long rowChangesBefore(String marker) {
        synchronized (progress) {
            return markers.get(marker);
        }
    }

    // -- status --

    public Status status() {
        var migration = systemOfRecord.current();
        var position = slotPosition(migration);
        Instant lastCommitted;
        long appended;
        long rows;
        long skipped;
        synchronized (progress) { // one batch's progress, not halves of two
            lastCommitted = lastCommittedAt;
            appended = eventsAppended;
            rows = rowChanges;
            skipped = redeliveries;
        }
        return new Status(state.name().toLowerCase().replace('_', '-'),
                migration.map(m -> m.platformIsSystemOfRecord() ? "platform" : "legacy").orElse("platform"),
                migration.map(SystemOfRecord.Migration::slot).orElse(null),
                migration.map(SystemOfRecord.Migration::snapshotLsn).orElse(null),
                migration.map(SystemOfRecord.Migration::snapshotAt).orElse(null),
                position.map(SlotPosition::legacyLsn).orElse(null), position.map(SlotPosition::confirmedLsn).orElse(null),
                position.map(SlotPosition::lagBytes).orElse(null),
                secondsBehind().orElse(null), lastCommitted, appended, eventsPerSecond(), rows, skipped, failure);
    }

    private java.util.Optional<Double> secondsBehind() {
        Instant committed;
        Instant applied;
        synchronized (progress) { // the commit and its application, of the same batch
            committed = lastCommittedAt;
            applied = lastAppliedAt;
        }
        return committed == null ? java.util.Optional.empty()
                : java.util.Optional.of(Duration.between(committed, applied).toMillis() / 1000.0);
    }

    private long eventsAppended() {
        synchronized (progress) {
            return eventsAppended;
        }
    }

    private double eventsPerSecond() {
        synchronized (progress) {
            if (appendedSamples.size() < 2) {
                return 0;
            }
            long[] first = appendedSamples.peekFirst();
            long[] last = appendedSamples.peekLast();
            long millis = Math.max(1, clock.millis() - first[0]);
            return (last[1] - first[1]) * 1000.0 / millis;
        }
    }

    /** Where the legacy server's WAL is and what the slot has confirmed of it; empty without a slot or a source. */
    private java.util.Optional<SlotPosition> slotPosition(java.util.Optional<SystemOfRecord.Migration> migration) {
        if (!properties.source().configured() || migration.isEmpty() || migration.get().platformIsSystemOfRecord()) {
            return java.util.Optional.empty();
        }
        try (Connection connection = properties.source().connect();
             PreparedStatement select = connection.prepareStatement("SELECT pg_current_wal_lsn()::text, confirmed_flush_lsn::text,"
                     + " pg_wal_lsn_diff(pg_current_wal_lsn(), confirmed_flush_lsn)::bigint FROM pg_replication_slots WHERE slot_name = ?")) {
            select.setString(1, migration.get().slot());
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? java.util.Optional.of(new SlotPosition(row.getString(1), row.getString(2), row.getLong(3)))
                        : java.util.Optional.empty();
            }
        } catch (SQLException e) {
            return java.util.Optional.empty();
        }
    }

    private record SlotPosition(String legacyLsn, String confirmedLsn, long lagBytes) {
    }

    public record Drained(String marker, long position) {
    }

    public record CutOver(String marker, long position, Instant at) {
    }

    /**
     * @param state        idle, following, standby (another instance follows), paused, failed or cut-over
     * @param systemOfRecord which system takes writes: legacy until cut-over
     * @param snapshotAt   the legacy server's time when the slot and the snapshot the import read were taken
     * @param legacyLsn    the legacy server's current WAL position
     * @param confirmedLsn what the slot has confirmed: every change before it is appended
     * @param lagBytes     WAL written by the legacy server past the slot's confirmed position
     * @param secondsBehind from the legacy commit of the last change followed to its events being appended
     */
    public record Status(String state, String systemOfRecord, String slot, String snapshotLsn, Instant snapshotAt,
                         String legacyLsn, String confirmedLsn, Long lagBytes,
                         Double secondsBehind, Instant lastLegacyCommit, long eventsAppended, double eventsPerSecond,
                         long rowChanges, long redeliveriesSkipped, String failure) {
    }
}
