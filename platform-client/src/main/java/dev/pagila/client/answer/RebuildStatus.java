package dev.pagila.client.answer;

import java.time.Instant;
import java.util.Map;

/**
 * A blue/green rebuild ({@code POST /admin/read-model/rebuild}, 202, and within {@link ReadModelStatus}): the new
 * table, its state ({@code BUILDING}, {@code SWITCHING}, {@code SWITCHED}, {@code FAILED}), each group's position in
 * it, and why it failed.
 */
public record RebuildStatus(String table, String state, Instant startedAt, Instant switchedAt, Map<String, Long> positions,
                            String error, FillReport fill) {

    public RebuildStatus {
        positions = positions == null ? Map.of() : positions;
    }
}
