package dev.pagila.kernel.stores;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Pagila's integer inventory id: one physical copy of a film in a store. {@link #toString()} names its event stream. */
public record InventoryId(int value) {

    public InventoryId {
        if (value <= 0) {
            throw new IllegalArgumentException("copy ids are positive integers, got " + value);
        }
    }

    @JsonCreator
    public static InventoryId of(int value) {
        return new InventoryId(value);
    }

    @JsonValue
    @Override
    public int value() {
        return value;
    }

    @Override
    public String toString() {
        return "copy-" + value;
    }
}
