package dev.pagila.query.admin;

import dev.pagila.infra.dynamodb.FilmsTable;
import dev.pagila.query.cache.VersionedCache;
import dev.pagila.query.catalog.CatalogProjection;
import dev.pagila.query.catalog.CatalogTable;
import dev.pagila.query.config.ProjectionConfig;
import dev.pagila.query.QuerySideProperties;
import dev.pagila.query.customers.CustomerProjection;
import dev.pagila.query.customers.CustomerTable;
import dev.pagila.query.inventory.InventoryProjection;
import dev.pagila.query.inventory.InventoryTable;
import dev.pagila.query.sales.SalesProjection;
import dev.pagila.query.sales.SalesTable;
import dev.pagila.query.table.ActiveTable;
import dev.pagila.query.table.ReadModelTable;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.config.Configuration;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.SimpleEventHandlerInvoker;
import org.axonframework.eventhandling.pooled.PooledStreamingEventProcessor;
import org.axonframework.eventhandling.tokenstore.inmemory.InMemoryTokenStore;
import org.axonframework.messaging.StreamableMessageSource;
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
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Blue/green rebuild of the read model. A new physical table ({@code Films_v<n+1>}) is filled from the first event
 * by a private copy of every projection, each run by an Axon pooled streaming processor of its own (tokens in
 * memory: an interrupted rebuild is abandoned), while the live processors keep writing the active table and queries
 * keep reading it. When every group has reached the head, the live
 * processors stop, the rebuild drains whatever arrived meanwhile, the live processors' tokens are set to where
 * the rebuild stopped, the pointer moves to the new table, and the live processors start again on it: no event
 * is lost across the switch and no query ever sees a half-built table. The old table stays until dropped.
 */
@Service
public class RebuildService {

    private static final Logger log = LoggerFactory.getLogger(RebuildService.class);
    /** Events per batch of the rebuild, as the live processors' batch size. */
    private static final int BATCH_SIZE = 1000;
    private static final Pattern VERSIONED = Pattern.compile("(.*)_v(\\d+)");

    private final DynamoDbClient dynamoDb;
    private final ActiveTable activeTable;
    private final EventStore eventStore;
    private final EventProcessingConfiguration processing;
    private final TokenStore tokenStore;
    private final TransactionManager transactions;
    private final JdbcTemplate jdbc;
    private final VersionedCache cache;
    private final QuerySideProperties properties;
    private final Configuration axon;
    private volatile Rebuild current;

    public RebuildService(DynamoDbClient dynamoDb, ActiveTable activeTable, EventStore eventStore,
                          EventProcessingConfiguration processing, TokenStore tokenStore, TransactionManager transactions,
                          JdbcTemplate jdbc, VersionedCache cache, QuerySideProperties properties, Configuration axon) {
        this.axon = axon;
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
    public record ReadModelStatus(String activeTable, String previousTable, RebuildStatus rebuild) {
    }

    public record RebuildStatus(String table, String state, Instant startedAt, Instant switchedAt, Map<String, Long> positions,
                                String error) {
    }

    public ReadModelStatus status() {
        Rebuild rebuild = current;
        return new ReadModelStatus(activeTable.current(), activeTable.previous(), rebuild == null ? null : rebuild.status());
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

    /** Drops a table that is neither active nor being built. */
    public synchronized void drop(String table) {
        if (table.equals(activeTable.current())) {
            throw new RebuildRefusedException(table + " is the active table");
        }
        if (current != null && current.inProgress() && current.table.equals(table)) {
            throw new RebuildRefusedException(table + " is being rebuilt");
        }
        if (!VERSIONED.matcher(table).matches() || !dynamoDb.listTables().tableNames().contains(table)) {
            throw new UnknownTableException(table);
        }
        dynamoDb.deleteTable(request -> request.tableName(table));
        activeTable.forgetPrevious(table);
    }

    private String nextTableName() {
        Matcher active = VERSIONED.matcher(activeTable.current());
        String base = active.matches() ? active.group(1) : activeTable.current();
        int highest = active.matches() ? Integer.parseInt(active.group(2)) : 1;
        for (String existing : dynamoDb.listTables().tableNames()) {
            Matcher version = VERSIONED.matcher(existing);
            if (version.matches() && version.group(1).equals(base)) {
                highest = Math.max(highest, Integer.parseInt(version.group(2)));
            }
        }
        return base + "_v" + (highest + 1);
    }

    /** One rebuild: a runner per processing group, and the switch when all have caught up. */
    private final class Rebuild {

        private final String table;
        private final Instant startedAt = Instant.now();
        private final Map<String, Runner> runners = new LinkedHashMap<>();
        private volatile String state = "BUILDING";
        private volatile Instant switchedAt;
        private volatile String error;

        Rebuild(String table) {
            this.table = table;
            ReadModelTable target = new ReadModelTable(dynamoDb, table);
            SimpleMeterRegistry ownMeters = new SimpleMeterRegistry();
            runners.put(CatalogProjection.PROCESSING_GROUP,
                    new Runner(CatalogProjection.PROCESSING_GROUP, new CatalogProjection(new CatalogTable(target), cache, ownMeters)));
            runners.put(InventoryProjection.PROCESSING_GROUP, new Runner(InventoryProjection.PROCESSING_GROUP,
                    new InventoryProjection(new InventoryTable(target), cache, ownMeters)));
            runners.put(CustomerProjection.PROCESSING_GROUP, new Runner(CustomerProjection.PROCESSING_GROUP,
                    new CustomerProjection(new CustomerTable(target), cache, ownMeters)));
            runners.put(SalesProjection.PROCESSING_GROUP, new Runner(SalesProjection.PROCESSING_GROUP,
                    new SalesProjection(new SalesTable(target), cache, properties.business().zone(), ownMeters)));
        }

        boolean inProgress() {
            return state.equals("BUILDING") || state.equals("SWITCHING");
        }

        void begin() {
            runners.values().forEach(Runner::start);
            Thread coordinator = new Thread(this::switchWhenCaughtUp, "rebuild-" + table);
            coordinator.setDaemon(true);
            coordinator.start();
        }

        RebuildStatus status() {
            Map<String, Long> positions = new LinkedHashMap<>();
            runners.forEach((group, runner) -> positions.put(group, runner.position()));
            return new RebuildStatus(table, state, startedAt, switchedAt, positions, error);
        }

        private void switchWhenCaughtUp() {
            try {
                while (!runners.values().stream().allMatch(Runner::caughtUp)) {
                    failIfAnyRunnerFailed();
                    Thread.sleep(200);
                }
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
                    long head = eventStore.createHeadToken().position().orElse(-1);
                    while (!runners.values().stream().allMatch(runner -> runner.position() >= head)) {
                        failIfAnyRunnerFailed();
                        Thread.sleep(50);
                    }
                    Map<String, TrackingToken> reached = new LinkedHashMap<>();
                    for (Runner runner : runners.values()) {
                        reached.put(runner.group, runner.stopAndTellWhere());
                    }
                    transactions.executeInTransaction(() -> reached.forEach((group, token) -> {
                        if (token != null) {
                            for (int segment : tokenStore.fetchSegments(group)) {
                                tokenStore.storeToken(token, group, segment);
                                tokenStore.releaseClaim(group, segment);
                            }
                        }
                    }));
                    activeTable.switchTo(table);
                    cache.flush();
                    switchedAt = Instant.now();
                    state = "SWITCHED";
                    log.info("read model switched to {} (rebuilt in {} s)", table,
                            Duration.between(startedAt, switchedAt).toSeconds());
                } finally {
                    runners.values().forEach(Runner::stop);
                    live.forEach(StreamingEventProcessor::start);
                }
            } catch (Exception e) {
                error = e.getMessage();
                state = "FAILED";
                runners.values().forEach(Runner::stop);
                log.error("rebuild into {} failed; {} stays active", table, activeTable.current(), e);
            }
        }

        private void failIfAnyRunnerFailed() {
            for (Runner runner : runners.values()) {
                Throwable failure = runner.persistentFailure();
                if (failure != null) {
                    throw new IllegalStateException(runner.group + " failed: " + failure.getMessage(), failure);
                }
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

    /**
     * One projection's fill: an Axon pooled streaming processor over the event store from its first event, one
     * segment, the live processors' batch size and handler enhancers (retries). Axon retries a failed batch by itself;
     * a group still failing after the retries' whole back-off fails the rebuild.
     */
    private final class Runner {

        private final String group;
        private final String name;
        private final InMemoryTokenStore tokens = new InMemoryTokenStore();
        private final PooledStreamingEventProcessor processor;
        private volatile Instant failingSince;
        private volatile long lastPosition = -1;

        Runner(String group, Object projection) {
            this.group = group;
            this.name = "rebuild-" + group;
            this.processor = PooledStreamingEventProcessor.builder()
                    .name(name)
                    .eventHandlerInvoker(SimpleEventHandlerInvoker.builder()
                            .eventHandlers(new AnnotationEventHandlerAdapter(projection, axon.parameterResolverFactory(),
                                    axon.handlerDefinition(projection.getClass())))
                            .build())
                    .messageSource(eventStore)
                    .tokenStore(tokens)
                    .transactionManager(NoTransactionManager.INSTANCE)
                    .coordinatorExecutor(Executors.newSingleThreadScheduledExecutor(daemon(name + "-coordinator")))
                    .workerExecutor(Executors.newSingleThreadScheduledExecutor(daemon(name)))
                    .initialSegmentCount(1)
                    .batchSize(BATCH_SIZE)
                    .initialToken(StreamableMessageSource::createTailToken)
                    .build();
        }

        void start() {
            processor.start();
        }

        boolean caughtUp() {
            Map<Integer, EventTrackerStatus> status = processor.processingStatus();
            return !status.isEmpty() && status.values().stream().allMatch(segment -> segment.isCaughtUp() && !segment.isErrorState());
        }

        /** The position reached; the last one known once the processor has stopped and reports no segment. */
        long position() {
            Map<Integer, EventTrackerStatus> status = processor.processingStatus();
            if (!status.isEmpty()) {
                lastPosition = status.values().stream().mapToLong(segment -> segment.getCurrentPosition().orElse(-1)).min().orElse(-1);
            }
            return lastPosition;
        }

        /** A failure that outlasted the retries' back-off; null while the group works or is still being retried. */
        Throwable persistentFailure() {
            Throwable failure = processor.processingStatus().values().stream().filter(EventTrackerStatus::isErrorState)
                    .map(EventTrackerStatus::getError).findFirst().orElse(null);
            if (failure == null) {
                failingSince = null;
                return null;
            }
            Instant now = Instant.now();
            if (failingSince == null) {
                failingSince = now;
            }
            Duration budget = properties.projections().backoff().multipliedBy(1L << properties.projections().attempts());
            return Duration.between(failingSince, now).compareTo(budget.plusSeconds(10)) > 0 ? failure : null;
        }

        /** Stops after the batch in hand and answers the token of the last event applied. */
        TrackingToken stopAndTellWhere() {
            processor.shutDown();
            return tokens.fetchToken(name, 0);
        }

        void stop() {
            processor.shutdownAsync();
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    public static final class RebuildRefusedException extends RuntimeException {

        public RebuildRefusedException(String message) {
            super(message);
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
