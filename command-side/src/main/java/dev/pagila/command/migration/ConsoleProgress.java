package dev.pagila.command.migration;

import java.io.PrintStream;

/**
 * A progress bar with counts, rate and ETA on a terminal; a plain line every few seconds otherwise (logs,
 * CI), so redirected output stays readable.
 */
public final class ConsoleProgress implements ImportProgress {

    private static final long LINE_INTERVAL_NANOS = 5_000_000_000L;
    private static final int BAR_WIDTH = 30;

    private final PrintStream out;
    private final boolean terminal;
    private final long started = System.nanoTime();
    private long lastLine;

    public ConsoleProgress(PrintStream out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    public static ConsoleProgress forSystemOut() {
        return new ConsoleProgress(System.out, System.console() != null);
    }

    @Override
    public void batchStored(long done, long total) {
        long now = System.nanoTime();
        double seconds = Math.max(1e-9, (now - started) / 1e9);
        double rate = done / seconds;
        long etaSeconds = rate <= 0 ? 0 : (long) Math.ceil((total - done) / rate);
        double fraction = total == 0 ? 1 : Math.min(1, (double) done / total);
        if (terminal) {
            int filled = (int) Math.round(fraction * BAR_WIDTH);
            out.printf("\r[%s%s] %3.0f%% %,d/%,d events  %,.0f ev/s  ETA %ds ", "#".repeat(filled),
                    " ".repeat(BAR_WIDTH - filled), fraction * 100, done, total, rate, etaSeconds);
            if (done >= total) {
                out.println();
            }
            out.flush();
        } else if (now - lastLine >= LINE_INTERVAL_NANOS || done >= total) {
            lastLine = now;
            out.printf("import: %,d/%,d events (%.0f%%), %,.0f events/s, ETA %d s%n", done, total, fraction * 100, rate,
                    etaSeconds);
        }
    }
}
