package dev.pagila.kernel.catalog;

import org.axonframework.serialization.Revision;

@Revision("1")
public record FilmUncategorizedEvent(
        FilmId filmId,
        CategoryId categoryId) {
}
