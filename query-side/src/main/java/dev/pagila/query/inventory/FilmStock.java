package dev.pagila.query.inventory;

import java.util.List;

/** Pagila's {@code film_in_stock} / {@code film_not_in_stock}: the copies of a film in a store, and how many. */
public record FilmStock(int filmId, int storeId, List<Integer> copyIds, int count) {
}
