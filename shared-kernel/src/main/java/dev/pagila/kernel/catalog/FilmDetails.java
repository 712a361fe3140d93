package dev.pagila.kernel.catalog;

import dev.pagila.kernel.money.Money;
import dev.pagila.kernel.money.NotNegative;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

import java.util.List;

/**
 * Every descriptive field of a Pagila film. The constraints mirror Pagila's column types and checks
 * ({@code year} domain 1901..2155, {@code smallint} durations, {@code numeric(4,2)} and {@code numeric(5,2)}
 * prices); they guard new commands, never events, so imported history is taken as it was.
 */
public record FilmDetails(
        @NotBlank @Size(max = 255) String title,
        @Size(max = 4000) String description,
        @Min(1901) @Max(2155) Integer releaseYear,
        @NotNull LanguageId languageId,
        LanguageId originalLanguageId,
        @NotNull @Min(1) @Max(365) Integer rentalDuration,
        @NotNull @NotNegative Money rentalRate,
        @Positive @Max(32767) Integer length,
        @NotNull @NotNegative Money replacementCost,
        @NotNull Rating rating,
        List<@NotNull SpecialFeature> specialFeatures) {

    public FilmDetails {
        // Pagila keeps the features in the order they were given, without repeats
        specialFeatures = specialFeatures == null ? List.of() : specialFeatures.stream().distinct().toList();
    }
}
