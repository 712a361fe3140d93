package dev.pagila.query.projection;

import dev.pagila.query.cache.VersionedCache;
import dev.pagila.query.table.ReadModelTable;
import io.micrometer.core.instrument.MeterRegistry;

/** Gives each projection its writer: the live path's (fenced, batch by batch), or a bulk fill's. */
@FunctionalInterface
public interface ProjectionWriters {

    ProjectionWriter writerFor(String group, ReadModelTable table);

    /** The live path: every batch read, applied and written fenced, its cached answers retired. */
    static ProjectionWriters live(VersionedCache cache, MeterRegistry meters, EventIndexes indexes) {
        return (group, table) -> new ProjectionWriter(group, table, cache, meters, indexes);
    }
}
