package dev.pagila.query.admin;

import dev.pagila.query.projection.EventIndexes;

import dev.pagila.query.QuerySideProperties;
import dev.pagila.query.cache.VersionedCache;
import dev.pagila.query.catalog.CatalogProjection;
import dev.pagila.query.catalog.CatalogTable;
import dev.pagila.query.customers.CustomerProjection;
import dev.pagila.query.customers.CustomerTable;
import dev.pagila.query.inventory.InventoryProjection;
import dev.pagila.query.inventory.InventoryTable;
import dev.pagila.query.projection.BulkWriters;
import dev.pagila.query.projection.ProjectionWriters;
import dev.pagila.query.sales.AccountProjection;
import dev.pagila.query.sales.AccountTable;
import dev.pagila.query.sales.SalesProjection;
import dev.pagila.query.sales.SalesTable;
import dev.pagila.query.table.ReadModelTable;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.config.Configuration;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.EventMessageHandler;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.SimpleEventHandlerInvoker;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.pooled.PooledStreamingEventProcessor;
import org.axonframework.eventhandling.tokenstore.inmemory.InMemoryTokenStore;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.StreamableMessageSource;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.function.LongSupplier;

/**
 * Fills a table from the first event through the bulk path: one Axon pooled streaming processor reads the stream
 * once for every group filled (tokens in memory, one segment, the live handler enhancers and their retries), each
 * group's projection keeps its items in memory across the stream ({@link BulkWriters}), and {@link #stopAndWriteOut}
 * writes each final item once. The live processors then take over from {@link #stopAndWriteOut}'s token: from there on
 * the fenced path runs. Only for items no one else writes meanwhile: a new table, or groups whose live processors are
 * not running.
 */
final class ReadModelFill {

    /** Events per batch: a bulk batch reads nothing, so its size only sets how often the token moves. */
    private static final int BATCH_SIZE = 1000;

    private final String name;
    private final List<String> groups;
    private final BulkWriters writers;
    private final QuerySideProperties properties;
    private final List<LongSupplier> clears;
    private final InMemoryTokenStore tokens = new InMemoryTokenStore();
    private final PooledStreamingEventProcessor processor;
    private final Instant startedAt = Instant.now();
    private volatile Instant failingSince;
    private volatile long lastPosition = -1;

    ReadModelFill(String name, ReadModelTable target, List<String> groups, Configuration axon, EventStore eventStore,
                  VersionedCache cache, QuerySideProperties properties, EventIndexes indexes) {
        this.name = name;
        this.groups = List.copyOf(groups);
        this.properties = properties;
        QuerySideProperties.Bulk bulk = properties.projections().bulk();
        this.writers = new BulkWriters(new BulkWriters.Settings(bulk.maxItemsHeld(), bulk.parallelRequests(), bulk.requests()), indexes);
        List<GroupParts> parts = groups.stream().map(group -> partsOf(group, target, cache, writers)).toList();
        this.clears = parts.stream().map(GroupParts::clear).toList();
        List<EventMessageHandler> handlers = parts.stream().map(part -> (EventMessageHandler) new AnnotationEventHandlerAdapter(
                part.projection(), axon.parameterResolverFactory(), axon.handlerDefinition(part.projection().getClass()))).toList();
        this.processor = PooledStreamingEventProcessor.builder()
                .name(name)
                .eventHandlerInvoker(SimpleEventHandlerInvoker.builder().eventHandlers(handlers).build())
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

    /** A group's private projection over the target table, and how to clear what it owns there. */
    private record GroupParts(Object projection, LongSupplier clear) {
    }

    private GroupParts partsOf(String group, ReadModelTable target, VersionedCache cache, ProjectionWriters bulkWriters) {
        return switch (group) {
            case CatalogProjection.PROCESSING_GROUP -> {
                CatalogTable table = new CatalogTable(target);
                yield new GroupParts(new CatalogProjection(table, cache, bulkWriters), table::clear);
            }
            case InventoryProjection.PROCESSING_GROUP -> {
                InventoryTable table = new InventoryTable(target);
                yield new GroupParts(new InventoryProjection(table, cache, bulkWriters), table::clear);
            }
            case CustomerProjection.PROCESSING_GROUP -> {
                CustomerTable table = new CustomerTable(target);
                yield new GroupParts(new CustomerProjection(table, cache, bulkWriters), table::clear);
            }
            case SalesProjection.PROCESSING_GROUP -> {
                SalesTable table = new SalesTable(target);
                yield new GroupParts(new SalesProjection(table, cache, properties.business().zone(), bulkWriters), table::clear);
            }
            case AccountProjection.PROCESSING_GROUP -> {
                AccountTable table = new AccountTable(target);
                yield new GroupParts(new AccountProjection(table, cache, bulkWriters), table::clear);
            }
            default -> throw new IllegalArgumentException("no processing group " + group);
        };
    }

    /** Deletes every item the filled groups own, before a fill into a table that may hold some (a crashed fill's). */
    long clearGroups() {
        return clears.stream().mapToLong(LongSupplier::getAsLong).sum();
    }

    List<String> groups() {
        return groups;
    }

    Instant startedAt() {
        return startedAt;
    }

    void start() {
        processor.start();
    }

    boolean caughtUp() {
        var status = processor.processingStatus();
        return !status.isEmpty() && status.values().stream().allMatch(segment -> segment.isCaughtUp() && !segment.isErrorState());
    }

    /** The position reached; the last one known while the processor is stopped. */
    long position() {
        var status = processor.processingStatus();
        if (!status.isEmpty()) {
            lastPosition = status.values().stream().mapToLong(segment -> segment.getCurrentPosition().orElse(-1)).min().orElse(-1);
        }
        return lastPosition;
    }

    /** Waits until the fill has reached the head of the stream as it was when asked, or fails. */
    void awaitCaughtUp() throws InterruptedException {
        while (!caughtUp()) {
            failIfFailing();
            Thread.sleep(100);
        }
    }

    /** Waits until the fill has applied every event up to {@code head}, or fails. */
    void awaitPosition(long head) throws InterruptedException {
        while (position() < head) {
            failIfFailing();
            Thread.sleep(50);
        }
    }

    /**
     * Stops after the batch in hand, writes out what is held and answers the token of the last event applied; the
     * fill may be started again to go on from there.
     */
    TrackingToken stopAndWriteOut() {
        position();
        processor.shutDown();
        writers.writeOut();
        return tokens.fetchToken(name, 0);
    }

    /** Stops without writing what is held: the table is left as the last write-out made it. */
    void abandon() {
        processor.shutdownAsync();
    }

    /** What the fill has done so far. */
    FillReport report(String table, String state) {
        return new FillReport(table, groups, state, startedAt, Instant.now(), lastPosition, writers.eventsApplied(), writers.itemsWritten(),
                writers.requests());
    }

    /** A failure that outlasted the retries' whole back-off (plus a margin) fails the fill. */
    private void failIfFailing() {
        Throwable failure = processor.processingStatus().values().stream().filter(EventTrackerStatus::isErrorState)
                .map(EventTrackerStatus::getError).findFirst().orElse(null);
        if (failure == null) {
            failingSince = null;
            return;
        }
        Instant now = Instant.now();
        if (failingSince == null) {
            failingSince = now;
        }
        Duration budget = properties.projections().backoff().multipliedBy(1L << properties.projections().attempts());
        if (Duration.between(failingSince, now).compareTo(budget.plusSeconds(10)) > 0) {
            throw new IllegalStateException("the fill of " + groups + " failed: " + failure.getMessage(), failure);
        }
    }

    private static ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
