package dev.pagila.client.answer;

import java.util.List;

/**
 * A film's copies at a store that are in, or out ({@code GET /api/films/{id}/in-stock?storeId=}, {@code .../not-in-stock}),
 * as Pagila's {@code film_in_stock} and {@code film_not_in_stock} list them.
 */
public record FilmStock(int filmId, int storeId, List<Integer> copyIds, int count) {

    public FilmStock {
        copyIds = copyIds == null ? List.of() : copyIds;
    }
}
