package dev.pagila.command.shared;

import dev.pagila.command.support.TestDatabases;
import dev.pagila.infra.postgres.DatabaseRoles;
import dev.pagila.infra.postgres.EventStoreMigrations;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** An event store from before rentals carried their terms, upgraded: renting finds each film's current rate. */
class RentalTermsMigrationTest {

    @Test
    void theUpgradeGivesEveryFilmTheRateOfItsNewestRegistrationRevisionOrPriceChange() {
        DataSource database = TestDatabases.server().database("terms_upgrade");
        DatabaseRoles roles = DatabaseRoles.localDefaults();
        EventStoreMigrations.migrateTo(database, roles, "6");
        JdbcTemplate jdbc = new JdbcTemplate(database);
        store(jdbc, "film-1", 0, "FilmRegisteredEvent", """
                {"filmId":1,"details":{"title":"ACADEMY DINOSAUR","rentalDuration":6,"rentalRate":0.99}}""");
        store(jdbc, "film-2", 0, "FilmRegisteredEvent", """
                {"filmId":2,"details":{"title":"ACE GOLDFINGER","rentalDuration":3,"rentalRate":4.99}}""");
        store(jdbc, "film-1", 1, "FilmPricingChangedEvent", """
                {"filmId":1,"rentalDuration":5,"rentalRate":2.49,"replacementCost":20.99}""");
        store(jdbc, "film-2", 1, "FilmDetailsRevisedEvent", """
                {"filmId":2,"details":{"title":"ACE GOLDFINGER","rentalDuration":4,"rentalRate":3.99}}""");
        jdbc.update("INSERT INTO events.film_rental_terms (film_id, rental_duration) VALUES (1, 5), (2, 4)");

        EventStoreMigrations.migrate(database, roles);

        assertThat(jdbc.queryForObject("SELECT rental_rate FROM events.film_rental_terms WHERE film_id = 1", BigDecimal.class))
                .isEqualByComparingTo("2.49");
        assertThat(jdbc.queryForObject("SELECT rental_rate FROM events.film_rental_terms WHERE film_id = 2", BigDecimal.class))
                .isEqualByComparingTo("3.99");
    }

    private static void store(JdbcTemplate jdbc, String stream, long sequence, String type, String payload) {
        jdbc.update("""
                INSERT INTO events.domain_event_entry (event_identifier, aggregate_identifier, sequence_number, type,
                    time_stamp, payload_type, payload_revision, payload, meta_data)
                VALUES (?, ?, ?, 'Film', '2022-02-15T09:57:12Z', ?, '1', ?, ?)""", UUID.randomUUID().toString(), stream,
                sequence, "dev.pagila.kernel.catalog." + type, payload.getBytes(StandardCharsets.UTF_8),
                "{}".getBytes(StandardCharsets.UTF_8));
    }
}
