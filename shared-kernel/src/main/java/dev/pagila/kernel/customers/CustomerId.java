package dev.pagila.kernel.customers;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Pagila's integer customer id. {@link #toString()} names its event stream. */
public record CustomerId(int value) {

    public CustomerId {
        if (value <= 0) {
            throw new IllegalArgumentException("customer ids are positive integers, got " + value);
        }
    }

    @JsonCreator
    public static CustomerId of(int value) {
        return new CustomerId(value);
    }

    @JsonValue
    @Override
    public int value() {
        return value;
    }

    @Override
    public String toString() {
        return "customer-" + value;
    }
}
