package dev.pagila.query.table;

import java.util.List;
import java.util.function.Function;

/**
 * One page of a long answer. {@code next} is an opaque cursor to pass back for the following page, absent on
 * the last page.
 */
public record Page<T>(List<T> items, String next) {

    public <R> Page<R> map(Function<T, R> mapper) {
        return new Page<>(items.stream().map(mapper).toList(), next);
    }
}
