package dev.pagila.kernel.catalog;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Pagila's integer actor id. {@link #toString()} names its event stream. */
public record ActorId(int value) {

    public ActorId {
        if (value <= 0) {
            throw new IllegalArgumentException("actor ids are positive integers, got " + value);
        }
    }

    @JsonCreator
    public static ActorId of(int value) {
        return new ActorId(value);
    }

    @JsonValue
    @Override
    public int value() {
        return value;
    }

    @Override
    public String toString() {
        return "actor-" + value;
    }
}
