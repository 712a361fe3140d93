package dev.pagila.kernel.stores;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Pagila's integer staff id. {@link #toString()} names its event stream. */
public record StaffId(int value) {

    public StaffId {
        if (value <= 0) {
            throw new IllegalArgumentException("staff ids are positive integers, got " + value);
        }
    }

    @JsonCreator
    public static StaffId of(int value) {
        return new StaffId(value);
    }

    @JsonValue
    @Override
    public int value() {
        return value;
    }

    @Override
    public String toString() {
        return "staff-" + value;
    }
}
