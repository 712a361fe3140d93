package dev.pagila.kernel.sales;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Pagila's integer rental id. {@link #toString()} names its event stream. */
public record RentalId(int value) {

    public RentalId {
        if (value <= 0) {
            throw new IllegalArgumentException("rental ids are positive integers, got " + value);
        }
    }

    @JsonCreator
    public static RentalId of(int value) {
        return new RentalId(value);
    }

    @JsonValue
    @Override
    public int value() {
        return value;
    }

    @Override
    public String toString() {
        return "rental-" + value;
    }
}
