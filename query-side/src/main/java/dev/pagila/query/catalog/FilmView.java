package dev.pagila.query.catalog;

import java.math.BigDecimal;
import java.util.List;

/**
 * A film as the query API answers it, with its cast and categories. {@code position} is the event-stream
 * position this answer reflects (the newest of the items it was read from); a client holding a command's
 * position knows the answer includes its write when this is at least that.
 */
public record FilmView(
        int filmId,
        String title,
        String description,
        Integer releaseYear,
        int languageId,
        Integer originalLanguageId,
        int rentalDuration,
        BigDecimal rentalRate,
        Integer length,
        BigDecimal replacementCost,
        String rating,
        List<String> specialFeatures,
        List<CastMember> cast,
        List<CategoryName> categories,
        long position) {

    public record CastMember(int actorId, String firstName, String lastName) {
    }

    public record CategoryName(int categoryId, String name) {
    }
}
