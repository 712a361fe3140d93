package dev.pagila.command.migration;

import dev.pagila.kernel.catalog.FilmDetails;
import dev.pagila.kernel.catalog.FilmId;
import dev.pagila.kernel.catalog.FilmRegisteredEvent;
import dev.pagila.kernel.catalog.LanguageId;
import dev.pagila.kernel.catalog.LanguageRegisteredEvent;
import dev.pagila.kernel.catalog.Rating;
import dev.pagila.kernel.catalog.SpecialFeature;
import dev.pagila.kernel.money.Money;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Rows as a followed change carries them (Debezium's shapes), through the mapping the import shares. */
class LegacyMappingTest {

    private static final Schema FILM = SchemaBuilder.struct()
            .field("film_id", Schema.INT32_SCHEMA).field("title", Schema.STRING_SCHEMA)
            .field("description", Schema.OPTIONAL_STRING_SCHEMA).field("release_year", Schema.OPTIONAL_INT32_SCHEMA)
            .field("language_id", Schema.INT16_SCHEMA).field("original_language_id", Schema.OPTIONAL_INT16_SCHEMA)
            .field("rental_duration", Schema.INT16_SCHEMA).field("rental_rate", Schema.STRING_SCHEMA)
            .field("length", Schema.OPTIONAL_INT16_SCHEMA).field("replacement_cost", Schema.STRING_SCHEMA)
            .field("rating", Schema.OPTIONAL_STRING_SCHEMA).field("last_update", Schema.STRING_SCHEMA)
            .field("special_features", SchemaBuilder.array(Schema.OPTIONAL_STRING_SCHEMA).optional().build())
            .build();

    @Test
    void aFilmRowBecomesItsRegistrationAtItsLastUpdate() throws Exception {
        Struct row = new Struct(FILM).put("film_id", 1).put("title", "ACADEMY DINOSAUR").put("description", "A Epic Drama")
                .put("release_year", 2006).put("language_id", (short) 1).put("rental_duration", (short) 6)
                .put("rental_rate", "0.99").put("length", (short) 86).put("replacement_cost", "20.99").put("rating", "PG-13")
                .put("last_update", "2022-09-10T16:46:03.905795Z")
                .put("special_features", List.of("Deleted Scenes", "Behind the Scenes", "Deleted Scenes"));

        LegacyEvent<FilmRegisteredEvent> registered = LegacyMapping.film(StructRow.of(row));

        assertThat(registered.aggregateType()).isEqualTo("Film");
        assertThat(registered.aggregateId()).isEqualTo(FilmId.of(1).toString());
        assertThat(registered.timestamp()).isEqualTo(Instant.parse("2022-09-10T16:46:03.905795Z"));
        assertThat(registered.payload()).isEqualTo(new FilmRegisteredEvent(FilmId.of(1), new FilmDetails("ACADEMY DINOSAUR",
                "A Epic Drama", 2006, LanguageId.of(1), null, 6, Money.of("0.99"), 86, Money.of("20.99"), Rating.PG_13,
                List.of(SpecialFeature.DELETED_SCENES, SpecialFeature.BEHIND_THE_SCENES))));
    }

    @Test
    void nullColumnsOfAFilmStayUnsetAndNoFeaturesAreNone() throws Exception {
        Struct row = new Struct(FILM).put("film_id", 2).put("title", "ACE GOLDFINGER").put("language_id", (short) 1)
                .put("original_language_id", (short) 3).put("rental_duration", (short) 3).put("rental_rate", "4.99")
                .put("replacement_cost", "12.99").put("last_update", "2022-09-10T16:46:03Z");

        FilmDetails details = LegacyMapping.filmDetails(StructRow.of(row));

        assertThat(details).isEqualTo(new FilmDetails("ACE GOLDFINGER", null, null, LanguageId.of(1), LanguageId.of(3), 3,
                Money.of("4.99"), null, Money.of("12.99"), null, List.of()));
    }

    @Test
    void aLanguageLosesTheBlankPaddingOfItsNameAsSqlTrimWouldHaveIt() throws Exception {
        Schema language = SchemaBuilder.struct().field("language_id", Schema.INT32_SCHEMA)
                .field("name", Schema.STRING_SCHEMA).field("last_update", Schema.STRING_SCHEMA).build();
        Struct row = new Struct(language).put("language_id", 7).put("name", " Klingon\t            ")
                .put("last_update", "2022-02-15T10:02:19Z");

        assertThat(LegacyMapping.language(StructRow.of(row)).payload())
                .isEqualTo(new LanguageRegisteredEvent(LanguageId.of(7), "Klingon\t"));
    }
}
