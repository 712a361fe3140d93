package dev.pagila.command.migration;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What an import read, appended and found odd. Anomalies are counted, never repaired: history is imported
 * as it happened.
 */
public record ImportReport(Map<String, Long> rowsPerTable, Map<String, Long> appendedPerEventType, long skipped,
                           Map<String, Long> anomalies, Duration took) {

    public long appended() {
        return appendedPerEventType.values().stream().mapToLong(Long::longValue).sum();
    }

    public double eventsPerSecond() {
        return took.isZero() ? 0 : appended() / (took.toNanos() / 1e9);
    }

    public String render() {
        StringBuilder out = new StringBuilder();
        out.append("Rows read per table\n").append(table(rowsPerTable));
        out.append("Events appended per type\n").append(table(appendedPerEventType));
        out.append(String.format("  %-44s %9d%n", "total appended", appended()));
        out.append(String.format("  %-44s %9d%n", "already there (skipped)", skipped));
        out.append("Anomalies in the legacy history (imported as they are)\n").append(table(anomalies));
        out.append(String.format("Took %.1f s, %.0f events/s%n", took.toMillis() / 1000.0, eventsPerSecond()));
        return out.toString();
    }

    private static String table(Map<String, Long> counts) {
        return new TreeMap<>(counts).entrySet().stream()
                .map(entry -> String.format("  %-44s %9d%n", entry.getKey(), entry.getValue()))
                .collect(Collectors.joining());
    }
}
