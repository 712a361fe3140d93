package dev.pagila.query.films;

import dev.pagila.kernel.catalog.FilmDetails;
import dev.pagila.kernel.catalog.LanguageId;
import dev.pagila.kernel.catalog.SpecialFeature;

import java.math.BigDecimal;
import java.util.List;

/**
 * A film as the query API answers it. {@code position} is the event-stream position this answer reflects;
 * a client holding a command's position knows the answer includes its write when this is at least that.
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
        long position) {

    public static FilmView of(int filmId, FilmDetails details, long position) {
        LanguageId original = details.originalLanguageId();
        return new FilmView(filmId, details.title(), details.description(), details.releaseYear(),
                details.languageId().value(), original == null ? null : original.value(), details.rentalDuration(),
                details.rentalRate().amount(), details.length(), details.replacementCost().amount(),
                details.rating().label(), details.specialFeatures().stream().map(SpecialFeature::label).toList(),
                position);
    }
}
