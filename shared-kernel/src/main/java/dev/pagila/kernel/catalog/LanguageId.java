package dev.pagila.kernel.catalog;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Pagila's integer language id (reference data: English, Italian, Japanese, Mandarin, French, German). */
public record LanguageId(int value) {

    public LanguageId {
        if (value <= 0) {
            throw new IllegalArgumentException("a language id is a positive integer, got " + value);
        }
    }

    @JsonCreator
    public static LanguageId of(int value) {
        return new LanguageId(value);
    }

    @JsonValue
    @Override
    public int value() {
        return value;
    }

    @Override
    public String toString() {
        return "language-" + value;
    }
}
