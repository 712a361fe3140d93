package dev.pagila.local;

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
}
