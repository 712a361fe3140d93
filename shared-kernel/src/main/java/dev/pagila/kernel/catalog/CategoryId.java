package dev.pagila.kernel.catalog;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Pagila's integer category id. {@link #toString()} names its event stream. */
public record CategoryId(int value) {

    public CategoryId {
        if (value <= 0) {
            throw new IllegalArgumentException("category ids are positive integers, got " + value);
        }
    }

    @JsonCreator
    public static CategoryId of(int value) {
        return new CategoryId(value);
    }

    @JsonValue
    @Override
    public int value() {
        return value;
    }

    @Override
    public String toString() {
        return "category-" + value;
    }
}
