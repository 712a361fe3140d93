package dev.pagila.query.catalog;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

/**
 * The request parameters of a film list: filters by category id, actor id, rating and title prefix, and the page
 * ({@code limit}, default 50, and the {@code cursor} of the previous page).
 */
public record FilmListQuery(@Positive Integer category,
                            @Positive Integer actor,
                            @Pattern(regexp = "G|PG|PG-13|R|NC-17") String rating,
                            @Size(min = 1, max = 255) String titlePrefix,
                            @Min(1) @Max(500) Integer limit,
                            @Size(max = 2048) String cursor) {

    FilmFilter filter() {
        return new FilmFilter(category, actor, rating, titlePrefix);
    }

    int pageSize() {
        return limit == null ? 50 : limit;
    }
}
