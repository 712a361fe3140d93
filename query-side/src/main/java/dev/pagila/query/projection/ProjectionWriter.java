package dev.pagila.query.projection;

import dev.pagila.query.cache.VersionedCache;
import dev.pagila.query.table.ItemBatch;
import dev.pagila.query.table.ItemKey;
import dev.pagila.query.table.ReadModelTable;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Turns a processing group's handler calls into one write per batch. A handler only records what its event does
 * (a {@link Step}), which items that needs and which cached answers it retires; when Axon prepares to commit the
 * batch's unit of work (and with it the group's token), the writer reads every item the batch needs at once,
 * applies the steps in stream order in memory, writes the final items, then bumps each changed cache generation
 * once. The token is stored in the same unit of work, so it is committed only after the flush succeeded; a crash
 * in between redelivers the batch, whose events then change no item (every item carries the position of the last
 * event applied to it) but still retire the cached answers.
 * <p>
 * Axon batches events for the handler calls and commits them together, but offers no hook to apply a whole batch
 * at once; a resource of the unit of work and its prepare-commit phase are the framework's way to do that.
 * <p>
 * A {@linkplain #bulk bulk} writer fills a table nobody else writes (see {@link BulkWriters}): its items stay in memory
 * from batch to batch and are written once, unfenced, when the fill writes out, or earlier in chunks when more than
 * its bound are held. It retires no cached answer: the fill flushes the cache when it hands over.
 */
public final class ProjectionWriter {

    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private final String resourceKey;
    private final ReadModelTable table;
    private final VersionedCache cache;
    private final ProjectionOutcomes outcomes;
    private final Counter requests;
    private final Counter batches;
    private final Counter itemsRead;
    private final Counter itemsWritten;
    private final ItemBatch held;
    private final BulkWriters.Settings bulkSettings;
    private final EventIndexes indexes;

    public ProjectionWriter(String group, ReadModelTable table, VersionedCache cache, MeterRegistry meters, EventIndexes indexes) {
        this(group, table, cache, meters, null, indexes);
    }

    private ProjectionWriter(String group, ReadModelTable table, VersionedCache cache, MeterRegistry meters,
                             BulkWriters.Settings bulkSettings, EventIndexes indexes) {
        this.indexes = indexes;
        this.held = bulkSettings == null ? null : ItemBatch.bulk(table);
        this.bulkSettings = bulkSettings;
        this.resourceKey = ProjectionWriter.class.getName() + "/" + group + "/" + INSTANCES.incrementAndGet();
        this.table = table;
        this.cache = cache;
        this.outcomes = new ProjectionOutcomes(meters, group);
        this.requests = Counter.builder("pagila.projection.requests").description("DynamoDB requests made by a projection")
                .tag("group", group).register(meters);
        this.batches = Counter.builder("pagila.projection.batches").description("batches of events a projection wrote")
                .tag("group", group).register(meters);
        this.itemsRead = Counter.builder("pagila.projection.items.read").description("items a projection read, found or not")
                .tag("group", group).register(meters);
        this.itemsWritten = Counter.builder("pagila.projection.items.written").description("item writes of a projection")
                .tag("group", group).register(meters);
    }

    /** A writer for a bulk fill of {@code table}; its counts go to {@code meters}. */
    static ProjectionWriter bulk(String group, ReadModelTable table, MeterRegistry meters, BulkWriters.Settings settings,
                                 EventIndexes indexes) {
        return new ProjectionWriter(group, table, null, meters, settings, indexes);
    }

    /** Writes out every item a bulk writer holds; call it only while no batch is being applied. */
    synchronized int writeOut() {
        int requestsBefore = held.requests();
        int written = writeOutHeld();
        requests.increment(held.requests() - requestsBefore);
        itemsWritten.increment(written);
        return written;
    }

    private int writeOutHeld() {
        return held.writeOut(bulkSettings.parallelRequests(), bulkSettings.requests());
    }

    /** What one event does to the items of a batch; returns whether it changed any item. */
    @FunctionalInterface
    public interface Step {

        boolean apply(Batch batch, long position);
    }

    /**
     * Records an event's step for the current batch.
     *
     * @param reads       the items the step reads or writes, fetched with the rest of the batch's
     * @param generations the cache generations the event retires, bumped whether or not the step changes anything
     */
    public void apply(TrackingToken token, Collection<ItemKey> reads, Step step, String... generations) {
        long position = outcomes.positionOf(token);
        if (!CurrentUnitOfWork.isStarted()) {
            Batch alone = new Batch();
            alone.add(position, null, reads, step, generations);
            alone.flush();
            return;
        }
        UnitOfWork<?> root = CurrentUnitOfWork.get().root();
        Batch batch = root.getOrComputeResource(resourceKey, key -> {
            Batch created = new Batch();
            root.onPrepareCommit(unitOfWork -> created.flush());
            return created;
        });
        // a batching unit of work's message is the one being handled now
        batch.add(position, CurrentUnitOfWork.get().getMessage().getIdentifier(), reads, step, generations);
    }

    /** @param tokenPosition the token's position: the event's own, unless it arrived late (see {@link EventIndexes}) */
    private record Pending(long tokenPosition, String eventId, Step step) {
    }

    /** One unit of work's events for one projection, and the items they change. */
    public final class Batch {

        private final List<Pending> pending = new ArrayList<>();
        private final Set<ItemKey> reads = new LinkedHashSet<>();
        private final Set<String> generations = new LinkedHashSet<>();
        private ItemBatch items;

        private void add(long position, String eventId, Collection<ItemKey> keys, Step step, String... retired) {
            pending.add(new Pending(position, eventId, step));
            reads.addAll(keys);
            generations.addAll(Arrays.asList(retired));
        }

        public ItemBatch items() {
            return items;
        }

        /** Retires cached answers found only while applying (the films showing a renamed actor, say). */
        public void invalidate(String generationKey) {
            generations.add(generationKey);
        }

        private void flush() {
            synchronized (ProjectionWriter.this) {
                items = held != null ? held : new ItemBatch(table);
                int requestsBefore = items.requests();
                int readBefore = items.itemsRead();
                items.prefetch(reads);
                Map<String, Long> positions = indexes.of(pending.stream().map(Pending::eventId).filter(Objects::nonNull).toList());
                int applied = 0;
                for (Pending event : pending) {
                    long position = event.eventId() == null ? event.tokenPosition()
                            : positions.getOrDefault(event.eventId(), event.tokenPosition());
                    applied += event.step().apply(this, position) ? 1 : 0;
                }
                int written;
                if (held == null) {
                    written = items.write();
                    cache.invalidateAll(generations);
                } else {
                    written = held.held() > bulkSettings.maxItemsHeld() ? writeOutHeld() : 0;
                }
                outcomes.count(applied, pending.size() - applied);
                requests.increment(items.requests() - requestsBefore);
                batches.increment();
                itemsRead.increment(items.itemsRead() - readBefore);
                itemsWritten.increment(written);
            }
        }
    }
}
