package dev.pagila.local;

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

    /** The value of {@code --name=value}, or the fallback when the option is not given. */
    static String option(String[] args, String name, String fallback) {
        return Arrays.stream(args).filter(arg -> arg.startsWith(name + "="))
                .map(arg -> arg.substring(name.length() + 1)).findFirst().orElse(fallback);
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

    /**
     * {@code --help} prints the usage and exits 0; an option not in {@code names} (each taken as {@code --name=value})
     * is refused in one line with exit code 2. Called first, so nothing runs on a mistyped command line.
     */
    static void requireKnownOptions(String tool, String[] args, List<String> names, String usage) {
        if (Arrays.asList(args).contains("--help") || Arrays.asList(args).contains("-h")) {
            System.out.print(usage);
            System.exit(0);
        }
        for (String arg : args) {
            if (names.stream().noneMatch(name -> arg.startsWith(name + "="))) {
                System.err.println(tool + ": unknown option " + arg + " (--help lists the options)");
                System.exit(2);
            }
        }
    }

    /** A whole-number option, refused in one line with exit code 2 when it is not one or is below {@code min}. */
    static int number(String tool, String[] args, String name, int fallback, int min) {
        String value = option(args, name, Integer.toString(fallback));
        try {
            int number = Integer.parseInt(value);
            if (number >= min) {
                return number;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        System.err.println(tool + ": " + name + " must be a whole number of at least " + min + ", got '" + value + "'");
        System.exit(2);
        return fallback;
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
