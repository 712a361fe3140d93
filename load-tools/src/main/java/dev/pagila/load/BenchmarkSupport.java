package dev.pagila.load;

import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** What the benchmarks share: their option syntax, and how recorded latencies become percentiles. */
final class BenchmarkSupport {

    private BenchmarkSupport() {
    }

    /** Nearest-rank percentile of latencies in nanoseconds, sorted ascending, in milliseconds; 0 when there are none. */
    static double percentileMillis(long[] sorted, int percentile) {
        if (sorted.length == 0) {
            return 0;
        }
        int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, index)] / 1e6;
    }

    /** Every client's latencies in one sorted array. */
    static long[] mergeSorted(List<long[]> parts) {
        long[] all = parts.stream().flatMapToLong(Arrays::stream).toArray();
        Arrays.sort(all);
        return all;
    }

    /** The settings a commit's durability depends on, as the server applies them to this connection's role. */
    static String durability(String jdbcUrl, String user, String password) {
        List<String> settings = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(jdbcUrl, user, password);
             Statement statement = connection.createStatement()) {
            for (String setting : List.of("synchronous_commit", "fsync", "wal_sync_method", "full_page_writes")) {
                try (var value = statement.executeQuery("SHOW " + setting)) {
                    value.next();
                    settings.add(setting + "=" + value.getString(1));
                }
            }
            return String.join(" ", settings);
        } catch (SQLException e) {
            return "unknown (" + jdbcUrl + " as " + user + ": " + e.getMessage() + ")";
        }
    }

    /** CPU time this JVM (the load generator) has used, in seconds. */
    static double processCpuSeconds() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime() / 1e9;
    }
}
