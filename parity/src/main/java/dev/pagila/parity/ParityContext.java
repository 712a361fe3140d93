package dev.pagila.parity;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.Function;

/** What every check needs: both sides, the business zone, the pool for per-id calls and the report to fill. */
record ParityContext(Legacy legacy, QueryApi api, ZoneId zone, ExecutorService pool, ParityReport report,
                     Consumer<String> progress, java.time.Instant followedSince) {

    @FunctionalInterface
    interface Task<T> {
        void check(T item);
    }

    @FunctionalInterface
    interface Comparison<E> {
        void compare(E expected, JsonNode actual, RowDiff diff);
    }

    /** The check of one view, announced as it starts (a full run takes a minute or so). */
    ViewCheck start(String view) {
        progress.accept("Comparing " + view + "...");
        return report.view(view);
    }

    /**
     * Runs one task per item on the pool and waits for all. A task's unusable answer is that item's mismatch;
     * an unreachable endpoint stops the run.
     */
    <T> void forEach(ViewCheck check, Collection<T> items, Function<T, String> keyOf, Task<T> task) {
        List<Future<?>> futures = new ArrayList<>(items.size());
        for (T item : items) {
            futures.add(pool.submit(() -> {
                try {
                    task.check(item);
                } catch (ParityException e) {
                    throw e;
                } catch (UnexpectedAnswer e) {
                    check.failed(keyOf.apply(item), e.getMessage());
                } catch (RuntimeException e) {
                    check.failed(keyOf.apply(item), "could not compare: " + e);
                }
            }));
        }
        try {
            for (Future<?> future : futures) {
                future.get();
            }
        } catch (ExecutionException e) {
            futures.forEach(future -> future.cancel(true));
            throw e.getCause() instanceof ParityException stop ? stop
                    : new ParityException("a check failed unexpectedly: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            futures.forEach(future -> future.cancel(true));
            Thread.currentThread().interrupt();
            throw new ParityException("interrupted", e);
        }
    }

    /**
     * Compares rows by key: every expected row once (missing from the answer is a mismatch), then every row only
     * the API had, and any key the API answered twice.
     */
    <E> void compareKeyed(ViewCheck check, Map<String, E> expected, List<JsonNode> actual, Function<JsonNode, String> keyOf,
                          Comparison<E> comparison) {
        Map<String, JsonNode> answered = new LinkedHashMap<>();
        for (JsonNode row : actual) {
            String key = keyOf.apply(row);
            if (answered.putIfAbsent(key, row) != null) {
                check.mismatch(key + ": answered more than once");
            }
        }
        expected.forEach((key, row) -> {
            JsonNode found = answered.remove(key);
            if (found == null) {
                check.failed(key, "missing from the API's answer");
                return;
            }
            RowDiff diff = new RowDiff();
            comparison.compare(row, found, diff);
            check.record(key, diff);
        });
        answered.forEach((key, row) -> check.mismatch(key + ": answered by the API but not in the legacy view: "
                + QueryApi.snippet(row.toString())));
    }

    /** Fetches a whole list for a check; an unusable answer is one mismatch and null. */
    List<JsonNode> itemsOrNull(ViewCheck check, String path, int pageSize) {
        try {
            return api.items(path, pageSize);
        } catch (UnexpectedAnswer e) {
            check.mismatch(e.getMessage());
            return null;
        }
    }
}
