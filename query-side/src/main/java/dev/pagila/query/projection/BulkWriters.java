package dev.pagila.query.projection;

import dev.pagila.query.table.ReadModelTable;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The writers of one bulk fill: each projection made with them keeps its items in memory across the whole stream
 * and writes them once, with unconditional {@code BatchWriteItem}s, when the fill writes out. Only for a table (or a
 * group's items) that no other writer touches until the fill hands over to the live processors; the fence of the
 * live path is what makes any other case safe.
 */
public final class BulkWriters implements ProjectionWriters {

    /**
     * @param maxItemsHeld     items one group holds before it writes them out early
     * @param parallelRequests requests in flight while writing out
     * @param requests         the shape of those requests
     */
    public record Settings(int maxItemsHeld, int parallelRequests, ReadModelTable.BulkRequests requests) {
    }

    private final Settings settings;
    private final EventIndexes indexes;
    private final MeterRegistry meters = new SimpleMeterRegistry();
    private final List<ProjectionWriter> writers = new CopyOnWriteArrayList<>();

    public BulkWriters(Settings settings, EventIndexes indexes) {
        this.settings = settings;
        this.indexes = indexes;
    }

    @Override
    public ProjectionWriter writerFor(String group, ReadModelTable table) {
        ProjectionWriter writer = ProjectionWriter.bulk(group, table, meters, settings, indexes);
        writers.add(writer);
        return writer;
    }

    /**
     * Writes out what every writer holds; call it only while no batch is being applied (the fill's processor stopped).
     *
     * @return how many items were written
     */
    public int writeOut() {
        return writers.stream().mapToInt(ProjectionWriter::writeOut).sum();
    }

    /** Item writes so far, over every write-out. */
    public long itemsWritten() {
        return total("pagila.projection.items.written");
    }

    /** DynamoDB requests so far, reads of written-out items included. */
    public long requests() {
        return total("pagila.projection.requests");
    }

    /** Events applied so far (redelivered ones not counted). */
    public long eventsApplied() {
        return (long) meters.find("pagila.projection.events").tag("outcome", "applied").counters().stream()
                .mapToDouble(counter -> counter.count()).sum();
    }

    private long total(String counter) {
        return (long) meters.find(counter).counters().stream().mapToDouble(found -> found.count()).sum();
    }
}
