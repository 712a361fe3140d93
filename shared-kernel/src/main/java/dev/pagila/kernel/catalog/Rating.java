package dev.pagila.kernel.catalog;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.stream.Collectors;

/** Pagila's {@code mpaa_rating}. JSON carries the label exactly as Pagila spells it. */
public enum Rating {
    G("G"), PG("PG"), PG_13("PG-13"), R("R"), NC_17("NC-17");

    private final String label;

    Rating(String label) {
        this.label = label;
    }

    @JsonValue
    public String label() {
        return label;
    }

    @JsonCreator
    public static Rating fromLabel(String label) {
        return Arrays.stream(values())
                .filter(rating -> rating.label.equals(label))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(
                        "unknown rating '" + label + "', expected one of " + labels()));
    }

    public static String labels() {
        return Arrays.stream(values()).map(Rating::label).collect(Collectors.joining(", "));
    }
}
