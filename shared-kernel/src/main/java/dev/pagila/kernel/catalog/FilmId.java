package dev.pagila.kernel.catalog;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Pagila's integer film id. {@link #toString()} is the event-store aggregate identifier, prefixed so a
 * film and, say, an actor with the same number never share one event stream.
 */
public record FilmId(int value) {

    public FilmId {
        if (value <= 0) {
            throw new IllegalArgumentException("a film id is a positive integer, got " + value);
        }
    }

    @JsonCreator
    public static FilmId of(int value) {
        return new FilmId(value);
    }

    @JsonValue
    @Override
    public int value() {
        return value;
    }

    @Override
    public String toString() {
        return "film-" + value;
    }
}
