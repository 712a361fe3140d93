package dev.pagila.query.admin;

import dev.pagila.query.projection.EventIndexes;

import dev.pagila.infra.dynamodb.FilmsTable;
import dev.pagila.infra.postgres.AdvisoryLocks;
import dev.pagila.query.QuerySideProperties;
import dev.pagila.query.cache.VersionedCache;
import dev.pagila.query.config.ProjectionConfig;
import dev.pagila.query.table.ActiveTable;
import dev.pagila.query.table.ReadModelTable;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.Configuration;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.lifecycle.Phase;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.springboot.EventProcessorProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Fills the processing groups that have no token through the bulk path ({@link ReadModelFill}), then gives them tokens
 * where the fill stopped, from where their live processors carry on. At start, before Axon starts the live processors
 * (a first start, a start after the tokens were reset, or after a fill that never finished), the query side does not
 * start until the fill is done, so it never answers from a half-filled table. A replay from the first event takes the
 * group's tokens away and fills it the same way in the background. A fill that dies leaves no token, so the next
 * start clears what it wrote and fills again.
 * <p>
 * Instances starting together take turns through a PostgreSQL advisory lock: the first fills, the others find
 * tokens when they get the lock. A fill that keeps failing (an event a projection cannot apply) hands the groups to
 * the live processors, which start from the first event and park what fails in their dead-letter queues.
 */
@Component
public class ReadModelFills {

    private static final Logger log = LoggerFactory.getLogger(ReadModelFills.class);
    /** Pooled processors start with this many segments when the configuration names none (Axon's default). */
    private static final int AXON_DEFAULT_SEGMENTS = 16;

    private final DynamoDbClient dynamoDb;
    private final ActiveTable activeTable;
    private final TokenStore tokenStore;
    private final EventIndexes indexes;
    private final TransactionManager transactions;
    private final DataSource dataSource;
    private final EventProcessorProperties processorProperties;
    private final ObjectProvider<Configuration> axon;
    private final EventStore eventStore;
    private final VersionedCache cache;
    private final QuerySideProperties properties;
    private volatile FillReport lastFill;

    public ReadModelFills(DynamoDbClient dynamoDb, ActiveTable activeTable, TokenStore tokenStore, TransactionManager transactions,
                     DataSource dataSource, EventProcessorProperties processorProperties, ObjectProvider<Configuration> axon,
                     EventStore eventStore, VersionedCache cache, QuerySideProperties properties, EventIndexes indexes) {
        this.indexes = indexes;
        this.dynamoDb = dynamoDb;
        this.activeTable = activeTable;
        this.tokenStore = tokenStore;
        this.transactions = transactions;
        this.dataSource = dataSource;
        this.processorProperties = processorProperties;
        this.axon = axon;
        this.eventStore = eventStore;
        this.cache = cache;
        this.properties = properties;
    }

    /** The last fill this instance made (at start, or of a replay); null when it has made none. */
    public FillReport lastFill() {
        return lastFill;
    }

    /**
     * Replays a group from the first event through the bulk path: its tokens go (from now on a restart fills it anew),
     * its items are cleared and filled again in the background, then {@code processor} starts from where the fill
     * stopped. The caller has stopped the processor, and no other instance holds its segments.
     */
    public void replayFromTheStart(String group, StreamingEventProcessor processor) {
        transactions.executeInTransaction(() -> {
            for (int segment : tokenStore.fetchSegments(group)) {
                tokenStore.fetchToken(group, segment); // claims it: Axon deletes only a token its node owns
                tokenStore.deleteToken(group, segment);
            }
        });
        cache.flush();
        Thread replay = new Thread(() -> {
            try {
                fillGroupsWithoutTokens();
            } catch (RuntimeException e) {
                log.error("the replay of {} from the first event failed; a restart fills it again", group, e);
            } finally {
                processor.start();
            }
        }, "replay-" + group);
        replay.setDaemon(true);
        replay.start();
    }

    /** Fills the groups that have no token yet, one instance at a time; returns once the live processors may start. */
    public void fillGroupsWithoutTokens() {
        try (Connection lock = dataSource.getConnection()) {
            advisoryLock(lock, "pg_advisory_lock");
            try {
                List<String> groups = transactions.fetchInTransaction(() -> ProjectionConfig.GROUPS.stream()
                        .filter(group -> tokenStore.fetchSegments(group).length == 0).toList());
                if (!groups.isEmpty()) {
                    fill(groups);
                }
            } finally {
                advisoryLock(lock, "pg_advisory_unlock");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("taking the read model's fill lock failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while filling the read model", e);
        }
    }

    private void fill(List<String> groups) throws InterruptedException {
        String table = activeTable.current();
        FilmsTable.createIfMissing(dynamoDb, table);
        ReadModelTable target = new ReadModelTable(dynamoDb, table);
        ReadModelFill fill = new ReadModelFill("fill-" + table, target, groups, axon.getObject(), eventStore, cache, properties, indexes);
        emptyBeforeFilling(fill, table);
        log.info("filling {} for {} from the first event through the bulk path", table, groups);
        fill.start();
        try {
            fill.awaitCaughtUp();
        } catch (RuntimeException failed) {
            fill.abandon();
            fill.clearGroups();
            lastFill = fill.report(table, "HANDED-TO-LIVE");
            log.error("the bulk fill of {} failed; the live processors project {} from the first event instead", table, groups,
                    failed);
            return;
        }
        TrackingToken reached = fill.stopAndWriteOut();
        transactions.executeInTransaction(() -> groups.forEach(group ->
                tokenStore.initializeTokenSegments(group, segmentsOf(group), reached)));
        cache.flush();
        lastFill = fill.report(table, "FILLED");
        log.info("filled {} for {} up to position {} in {} s: {} events applied, {} items written", table, groups,
                fill.position(), Duration.between(fill.startedAt(), Instant.now()).toSeconds(), lastFill.eventsApplied(),
                lastFill.itemsWritten());
    }

    /** A fill writes without fences: whatever an unfinished fill left of these groups goes first. */
    private void emptyBeforeFilling(ReadModelFill fill, String table) {
        if (fill.groups().containsAll(ProjectionConfig.GROUPS)) {
            if (!dynamoDb.scan(request -> request.tableName(table).limit(1)).items().isEmpty()) {
                log.info("{} holds items but no group has a token (an unfinished fill, or tokens reset): emptying it first", table);
                dynamoDb.deleteTable(request -> request.tableName(table));
                dynamoDb.waiter().waitUntilTableNotExists(request -> request.tableName(table));
                FilmsTable.createIfMissing(dynamoDb, table);
            }
        } else {
            fill.clearGroups();
        }
    }

    private int segmentsOf(String group) {
        EventProcessorProperties.ProcessorSettings settings = processorProperties.getProcessors().get(group);
        return settings == null || settings.getInitialSegmentCount() == null ? AXON_DEFAULT_SEGMENTS
                : settings.getInitialSegmentCount();
    }

    /** Runs the fill in Axon's start-up, in the phase just before its event processors start. */
    @org.springframework.context.annotation.Configuration
    static class BeforeTheLiveProcessors {

        @Bean
        ConfigurerModule fillGroupsWithoutTokens(ObjectProvider<ReadModelFills> fills) {
            return configurer -> configurer.onStart(Phase.INBOUND_EVENT_CONNECTORS - 1,
                    () -> fills.getObject().fillGroupsWithoutTokens());
        }
    }

    private static void advisoryLock(Connection connection, String function) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT " + function + "(?)")) {
            statement.setLong(1, AdvisoryLocks.READ_MODEL_FILL);
            statement.execute();
        }
    }
}
