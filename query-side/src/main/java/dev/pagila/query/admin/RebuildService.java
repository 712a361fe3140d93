package dev.pagila.query.admin;

import dev.pagila.query.projection.EventIndexes;

import dev.pagila.infra.dynamodb.FilmsTable;
import dev.pagila.query.cache.VersionedCache;
import dev.pagila.query.config.ProjectionConfig;
import dev.pagila.query.QuerySideProperties;
import dev.pagila.query.table.ActiveTable;
import dev.pagila.query.table.ReadModelTable;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.config.Configuration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Blue/green rebuild of the read model. A new physical table ({@code Films_v<n+1>}) is filled from the first event
 * through the bulk path ({@link ReadModelFill}: private copies of the projections on one Axon processor, tokens in
 * memory, so an interrupted rebuild is abandoned), while the live processors keep writing the active table and
 * queries keep reading it. When the fill has reached the head and written out, the live
 * processors stop, the rebuild drains whatever arrived meanwhile, the live processors' tokens are set to where
 * the rebuild stopped, the pointer moves to the new table, and the live processors start again on it: no event
 * is lost across the switch and no query ever sees a half-built table. The old table stays until dropped.
 */
@Service
public class RebuildService {

    private static final Logger log = LoggerFactory.getLogger(RebuildService.class);
    private static final Pattern VERSIONED = Pattern.compile("(.*)_v(\\d+)");

    private final DynamoDbClient dynamoDb;
    private final ActiveTable activeTable;
    private final EventStore eventStore;
    private final EventProcessingConfiguration processing;
    private final TokenStore tokenStore;
    private final EventIndexes indexes;
    private final TransactionManager transactions;
    private final JdbcTemplate jdbc;
    private final VersionedCache cache;
    private final QuerySideProperties properties;
    private final Configuration axon;
    private final ReadModelFills fills;
    private volatile Rebuild current;

    public RebuildService(DynamoDbClient dynamoDb, ActiveTable activeTable, EventStore eventStore,
                          EventProcessingConfiguration processing, TokenStore tokenStore, TransactionManager transactions,
                          JdbcTemplate jdbc, VersionedCache cache, QuerySideProperties properties, Configuration axon,
                          ReadModelFills fills, EventIndexes indexes) {
        this.indexes = indexes;
        this.axon = axon;
        this.fills = fills;
        this.dynamoDb = dynamoDb;
        this.activeTable = activeTable;
        this.eventStore = eventStore;
        this.processing = processing;
        this.tokenStore = tokenStore;
        this.transactions = transactions;
        this.jdbc = jdbc;
        this.cache = cache;
        this.properties = properties;
    }

    /** What the read model looks like now: the active table, the previous one, any rebuild and its progress. */
    /** @param startFill the bulk fill this instance made when it started, if it made one */
    public record ReadModelStatus(String activeTable, String previousTable, RebuildStatus rebuild,
                                  FillReport startFill) {
    }

    /** @param fill what the bulk fill into the new table has done so far */
    public record RebuildStatus(String table, String state, Instant startedAt, Instant switchedAt, Map<String, Long> positions,
                                String error, FillReport fill) {
    }

    public ReadModelStatus status() {
        Rebuild rebuild = current;
        return new ReadModelStatus(activeTable.current(), activeTable.previous(), rebuild == null ? null : rebuild.status(),
                fills.lastFill());
    }

    /** Starts filling a new table; refused while another rebuild is in progress. */
    public synchronized RebuildStatus start() {
        if (current != null && current.inProgress()) {
            throw new RebuildRefusedException("a rebuild into " + current.table + " is in progress");
        }
        String table = nextTableName();
        FilmsTable.createIfMissing(dynamoDb, table);
        current = new Rebuild(table);
        current.begin();
        return current.status();
    }

    /**
     * Drops a table of the read model's own family ({@code Films_v<n>}) that is neither active nor being built. The
     * account may hold other tables, which are never this service's to drop.
     */
    public synchronized void drop(String table) {
        if (table.equals(activeTable.current())) {
            throw new RebuildRefusedException(table + " is the active table");
        }
        if (!isReadModelTable(table)) {
            throw new NotReadModelTableException(table, familyOf(configuredTable()));
        }
        if (current != null && current.inProgress() && current.table.equals(table)) {
            throw new RebuildRefusedException(table + " is being rebuilt");
        }
        if (!dynamoDb.listTables().tableNames().contains(table)) {
            throw new UnknownTableException(table);
        }
        dynamoDb.deleteTable(request -> request.tableName(table));
        activeTable.forgetPrevious(table);
    }

    /**
     * Whether {@code table} is one of the versions a rebuild makes of the configured table or of the active one: the
     * family's name followed by {@code _v} and a number.
     */
    private boolean isReadModelTable(String table) {
        Matcher version = VERSIONED.matcher(table);
        return version.matches() && (version.group(1).equals(familyOf(configuredTable()))
                || version.group(1).equals(familyOf(activeTable.current())));
    }

    private String configuredTable() {
        return properties.dynamodb().settings().table();
    }

    /** {@code Films} for {@code Films_v3}; a name without a version is a family of its own. */
    private static String familyOf(String table) {
        Matcher version = VERSIONED.matcher(table);
        return version.matches() ? version.group(1) : table;
    }

    private String nextTableName() {
        Matcher active = VERSIONED.matcher(activeTable.current());
        String base = familyOf(activeTable.current());
        int highest = active.matches() ? Integer.parseInt(active.group(2)) : 1;
        for (String existing : dynamoDb.listTables().tableNames()) {
            Matcher version = VERSIONED.matcher(existing);
            if (version.matches() && version.group(1).equals(base)) {
                highest = Math.max(highest, Integer.parseInt(version.group(2)));
            }
        }
        return base + "_v" + (highest + 1);
    }

    /** One rebuild: a bulk fill of every group into the new table, and the switch when it has caught up. */
    private final class Rebuild {

        private final String table;
        private final Instant startedAt = Instant.now();
        private final ReadModelFill fill;
        private volatile String state = "BUILDING";
        private volatile Instant switchedAt;
        private volatile String error;

        Rebuild(String table) {
            this.table = table;
            this.fill = new ReadModelFill("rebuild-" + table, new ReadModelTable(dynamoDb, table), ProjectionConfig.GROUPS, axon,
                    eventStore, cache, properties, indexes);
        }

        boolean inProgress() {
            return state.equals("BUILDING") || state.equals("SWITCHING");
        }

        void begin() {
            fill.start();
            Thread coordinator = new Thread(this::switchWhenCaughtUp, "rebuild-" + table);
            coordinator.setDaemon(true);
            coordinator.start();
        }

        RebuildStatus status() {
            Map<String, Long> positions = new LinkedHashMap<>();
            long position = fill.position();
            fill.groups().forEach(group -> positions.put(group, position));
            return new RebuildStatus(table, state, startedAt, switchedAt, positions, error, fill.report(table, state));
        }

        /**
         * Writes out what the fill holds while the live processors still run, so that the pause of the live
         * processors for the switch covers only what arrived meanwhile.
         */
        private void switchWhenCaughtUp() {
            try {
                fill.awaitCaughtUp();
                fill.stopAndWriteOut();
                fill.start();
                fill.awaitCaughtUp();
                state = "SWITCHING";
                List<StreamingEventProcessor> live = liveProcessors();
                live.forEach(StreamingEventProcessor::shutDown);
                try {
                    List<String> others = jdbc.queryForList("SELECT DISTINCT owner FROM projections.token_entry WHERE owner IS NOT NULL",
                            String.class);
                    if (!others.isEmpty()) {
                        throw new IllegalStateException("other query-side instances hold segments " + others
                                + "; stop them before a rebuild can switch");
                    }
                    fill.awaitPosition(eventStore.createHeadToken().position().orElse(-1));
                    TrackingToken reached = fill.stopAndWriteOut();
                    transactions.executeInTransaction(() -> fill.groups().forEach(group -> {
                        for (int segment : tokenStore.fetchSegments(group)) {
                            tokenStore.storeToken(reached, group, segment);
                            tokenStore.releaseClaim(group, segment);
                        }
                    }));
                    activeTable.switchTo(table);
                    cache.flush();
                    switchedAt = Instant.now();
                    state = "SWITCHED";
                    log.info("read model switched to {} (rebuilt in {} s)", table,
                            Duration.between(startedAt, switchedAt).toSeconds());
                } finally {
                    live.forEach(StreamingEventProcessor::start);
                }
            } catch (Exception e) {
                error = e.getMessage();
                state = "FAILED";
                fill.abandon();
                log.error("rebuild into {} failed; {} stays active", table, activeTable.current(), e);
            }
        }

        private List<StreamingEventProcessor> liveProcessors() {
            List<StreamingEventProcessor> live = new ArrayList<>();
            for (String group : ProjectionConfig.GROUPS) {
                processing.eventProcessor(group, StreamingEventProcessor.class).ifPresent(live::add);
            }
            return live;
        }
    }

    public static final class RebuildRefusedException extends RuntimeException {

        public RebuildRefusedException(String message) {
            super(message);
        }
    }

    /** A table name outside the read model's family: refused before anything is looked up. */
    public static final class NotReadModelTableException extends RuntimeException {

        public NotReadModelTableException(String table, String family) {
            super("'" + table + "' is not one of the read model's tables (" + family + "_v<n>)");
        }
    }

    public static final class UnknownTableException extends RuntimeException {

        private final String table;

        public UnknownTableException(String table) {
            super("no rebuildable table " + table);
            this.table = table;
        }

        public String table() {
            return table;
        }
    }
}
