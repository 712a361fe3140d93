package dev.pagila.kernel.stores;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Pagila's integer store id. {@link #toString()} names its event stream. */
public record StoreId(int value) {

    public StoreId {
        if (value <= 0) {
            throw new IllegalArgumentException("store ids are positive integers, got " + value);
        }
    }

    @JsonCreator
    public static StoreId of(int value) {
        return new StoreId(value);
    }

    @JsonValue
    @Override
    public int value() {
        return value;
    }

    @Override
    public String toString() {
        return "store-" + value;
    }
}
