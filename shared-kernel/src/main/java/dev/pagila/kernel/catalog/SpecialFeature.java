package dev.pagila.kernel.catalog;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The values Pagila's {@code film.special_features} array holds, spelled as Pagila spells them. */
public enum SpecialFeature {
    TRAILERS("Trailers"),
    COMMENTARIES("Commentaries"),
    DELETED_SCENES("Deleted Scenes"),
    BEHIND_THE_SCENES("Behind the Scenes");

    private final String label;

    SpecialFeature(String label) {
        this.label = label;
    }

    @JsonValue
    public String label() {
        return label;
    }

    @JsonCreator
    public static SpecialFeature fromLabel(String label) {
        return Arrays.stream(values())
                .filter(feature -> feature.label.equals(label))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown special feature '" + label
                        + "', expected one of " + Arrays.stream(values()).map(SpecialFeature::label)
                        .collect(Collectors.joining(", "))));
    }
}
