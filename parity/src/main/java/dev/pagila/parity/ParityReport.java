package dev.pagila.parity;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Every view's comparison, in the order they ran, and how the whole run ended. */
public final class ParityReport {

    private final ParitySettings settings;
    private final Map<String, ViewCheck> views = new LinkedHashMap<>();
    private Duration elapsed = Duration.ZERO;

    ParityReport(ParitySettings settings) {
        this.settings = settings;
    }

    synchronized ViewCheck view(String name) {
        return views.computeIfAbsent(name, ViewCheck::new);
    }

    synchronized void finished(Duration elapsed) {
        this.elapsed = elapsed;
    }

    public synchronized List<ViewCheck> views() {
        return new ArrayList<>(views.values());
    }

    /** Rows compared per view, in run order. */
    public synchronized Map<String, Long> rowsCompared() {
        Map<String, Long> rows = new LinkedHashMap<>();
        views.forEach((name, view) -> rows.put(name, view.rowsCompared()));
        return rows;
    }

    /** Rows compared in one view; 0 when it did not run. */
    public synchronized long rowsCompared(String view) {
        ViewCheck check = views.get(view);
        return check == null ? 0 : check.rowsCompared();
    }

    public synchronized long mismatches() {
        return views.values().stream().mapToLong(ViewCheck::mismatches).sum();
    }

    public boolean matches() {
        return mismatches() == 0;
    }

    /** The report as the CLI prints it: a table of views, each mismatching view's first mismatches, a summary line. */
    public synchronized String format() {
        int width = Math.max(28, views.keySet().stream().mapToInt(String::length).max().orElse(0));
        StringBuilder out = new StringBuilder();
        out.append("Parity of the query API ").append(settings.queryUrl()).append(" with ").append(settings.legacyUrl())
                .append(" (business zone ").append(settings.zone()).append(")\n\n");
        out.append(String.format("%-" + width + "s %10s %11s%n", "view", "rows", "mismatches"));
        for (ViewCheck view : views.values()) {
            out.append(String.format("%-" + width + "s %,10d %,11d%n", view.name(), view.rowsCompared(), view.mismatches()));
        }
        for (ViewCheck view : views.values()) {
            if (view.mismatches() == 0 && view.notes().isEmpty()) {
                continue;
            }
            out.append('\n').append(view.name());
            if (view.mismatches() > 0) {
                out.append(": ").append(String.format("%,d", view.mismatches())).append(" mismatches")
                        .append(view.mismatches() > view.samples().size() ? ", the first " + view.samples().size() : "");
            }
            out.append('\n');
            view.notes().forEach(note -> out.append("  note: ").append(note).append('\n'));
            view.samples().forEach(sample -> out.append("  - ").append(sample).append('\n'));
        }
        long rows = views.values().stream().mapToLong(ViewCheck::rowsCompared).sum();
        out.append('\n').append(matches() ? "PARITY OK" : "PARITY FAILED").append(String.format(
                ": %,d mismatches in %,d rows compared over %d views in %.1f s%n", mismatches(), rows, views.size(),
                elapsed.toMillis() / 1000.0));
        return out.toString();
    }

    @Override
    public String toString() {
        return format();
    }
}
