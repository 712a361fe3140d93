package dev.pagila.query.catalog;

import java.math.BigDecimal;

/** A row of Pagila's {@code film_list} (or {@code nicer_but_slower_film_list}): one per film and category. */
public record FilmListRow(int fid, String title, String description, String category, BigDecimal price, Integer length,
                          String rating, String actors) {
}
