package dev.pagila.parity;

import java.util.ArrayList;
import java.util.List;

/**
 * The comparison of one Pagila view (or function) with the API: how many legacy rows were compared, how many
 * of them (plus rows only the API had) did not match, and the first few mismatches. Safe to record into
 * from the checking threads.
 */
public final class ViewCheck {

    static final int SAMPLES = 10;

    private final String name;
    private long rowsCompared;
    private long mismatches;
    private final List<String> samples = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    ViewCheck(String name) {
        this.name = name;
    }

    public String name() {
        return name;
    }

    public synchronized long rowsCompared() {
        return rowsCompared;
    }

    public synchronized long mismatches() {
        return mismatches;
    }

    /** The first {@value #SAMPLES} mismatches, each naming its row and what differed. */
    public synchronized List<String> samples() {
        return List.copyOf(samples);
    }

    /** What the check saw that is worth knowing but no mismatch (ambiguous legacy answers, say). */
    public synchronized List<String> notes() {
        return List.copyOf(notes);
    }

    /** One legacy row compared with the API's; a non-empty diff makes it a mismatch. */
    synchronized void record(String key, RowDiff diff) {
        rowsCompared++;
        if (!diff.isEmpty()) {
            mismatch(key + ": " + diff);
        }
    }

    /** One legacy row that could not be compared because the API's answer was unusable. */
    synchronized void failed(String key, String why) {
        rowsCompared++;
        mismatch(key + ": " + why);
    }

    /** A mismatch that is no legacy row's (a row only the API has, a request that failed as a whole). */
    synchronized void mismatch(String description) {
        mismatches++;
        if (samples.size() < SAMPLES) {
            samples.add(description);
        }
    }

    synchronized void note(String note) {
        notes.add(note);
    }
}
