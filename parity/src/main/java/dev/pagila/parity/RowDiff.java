package dev.pagila.parity;

import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/** The differences found in one row, field by field: what the legacy side says against what the API answered. */
final class RowDiff {

    private static final int LONGEST_VALUE = 240;

    private final List<String> differences = new ArrayList<>();

    RowDiff text(String field, String expected, JsonNode row) {
        return same(field, expected, Json.text(row, field));
    }

    RowDiff integer(String field, Number expected, JsonNode row) {
        return same(field, expected == null ? null : expected.longValue(), Json.integer(row, field));
    }

    RowDiff bool(String field, Boolean expected, JsonNode row) {
        return same(field, expected, Json.bool(row, field));
    }

    RowDiff instant(String field, Instant expected, JsonNode row) {
        return same(field, expected, Json.instant(row, field));
    }

    /** Money agrees when the amounts are equal, whatever the scale (4.9 and 4.90 are the same price). */
    RowDiff money(String field, BigDecimal expected, JsonNode row) {
        Object actual = Json.decimal(row, field);
        boolean equal = expected == null ? actual == null : actual instanceof BigDecimal amount && amount.compareTo(expected) == 0;
        if (!equal) {
            differ(field, expected, actual);
        }
        return this;
    }

    RowDiff same(String field, Object expected, Object actual) {
        if (!Objects.equals(expected, actual)) {
            differ(field, expected, actual);
        }
        return this;
    }

    /**
     * Order-insensitive comparison of two lists, duplicates counted; a difference names what is missing and what
     * is unexpected rather than printing both lists.
     */
    RowDiff sameElements(String field, Collection<?> expected, Collection<?> actual) {
        List<Object> missing = new ArrayList<>(expected);
        List<Object> unexpected = new ArrayList<>();
        for (Object element : actual) {
            if (!missing.remove(element)) {
                unexpected.add(element);
            }
        }
        if (!missing.isEmpty() || !unexpected.isEmpty()) {
            differences.add(field + " differ: missing " + show(sorted(missing)) + ", unexpected " + show(sorted(unexpected)));
        }
        return this;
    }

    /** Named groups of elements (titles by category, say), each group compared order-insensitively. */
    RowDiff sameGroups(String field, Map<String, ? extends Collection<?>> expected, Map<String, ? extends Collection<?>> actual) {
        Set<String> names = new TreeSet<>(expected.keySet());
        names.addAll(actual.keySet());
        for (String name : names) {
            if (!expected.containsKey(name) || !actual.containsKey(name)) {
                differ(field + "[" + name + "]", expected.get(name), actual.get(name));
            } else {
                sameElements(field + "[" + name + "]", expected.get(name), actual.get(name));
            }
        }
        return this;
    }

    RowDiff differ(String field, Object expected, Object actual) {
        differences.add(field + " expected " + show(expected) + " but was " + show(actual));
        return this;
    }

    /** A difference that is no field's value (a duplicate row, a broken invariant). */
    RowDiff problem(String description) {
        differences.add(description);
        return this;
    }

    boolean isEmpty() {
        return differences.isEmpty();
    }

    @Override
    public String toString() {
        return String.join("; ", differences);
    }

    private static List<Object> sorted(List<Object> elements) {
        elements.sort(Comparator.comparing(String::valueOf));
        return elements;
    }

    static String show(Object value) {
        String shown = value == null ? "absent"
                : value instanceof String text ? '"' + text + '"'
                // amounts in cents, as the legacy side prints them (sums of nothing come back as a bare 0)
                : value instanceof BigDecimal amount ? (amount.scale() < 2 ? amount.setScale(2) : amount).toPlainString()
                : value.toString();
        return shown.length() <= LONGEST_VALUE ? shown : shown.substring(0, LONGEST_VALUE) + "...";
    }
}
