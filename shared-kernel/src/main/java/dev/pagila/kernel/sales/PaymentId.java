package dev.pagila.kernel.sales;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Pagila's integer payment id. {@link #toString()} names its event stream. */
public record PaymentId(int value) {

    public PaymentId {
        if (value <= 0) {
            throw new IllegalArgumentException("payment ids are positive integers, got " + value);
        }
    }

    @JsonCreator
    public static PaymentId of(int value) {
        return new PaymentId(value);
    }

    @JsonValue
    @Override
    public int value() {
        return value;
    }

    @Override
    public String toString() {
        return "payment-" + value;
    }
}
