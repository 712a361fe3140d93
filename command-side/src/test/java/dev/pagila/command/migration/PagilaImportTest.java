package dev.pagila.command.migration;

import dev.pagila.command.support.CommandSideInstance;
import dev.pagila.command.support.TestDatabases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.Connection;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

/** The migration from the monolith: the real Pagila sample imported into a real event store. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PagilaImportTest {

    private static final long PAGILA_EVENTS = 60_822;

    private CommandSideInstance commandSide;
    private CommandSideInstance resumed;
    private ImportReport firstRun;

    @BeforeAll
    void start() {
        commandSide = CommandSideInstance.start(TestDatabases.eventStore("import_once"));
    }

    @AfterAll
    void stop() {
        commandSide.close();
        if (resumed != null) {
            resumed.close();
        }
    }

    @Test
    @Order(1)
    void importsEveryRowAsEventsAndReportsTheAnomalies() throws Exception {
        firstRun = importInto(commandSide, ImportProgress.SILENT);
        System.out.print(firstRun.render());

        assertThat(firstRun.appendedPerEventType()).containsOnly(
                entry("LanguageRegisteredEvent", 6L), entry("ActorRegisteredEvent", 200L),
                entry("CategoryCreatedEvent", 16L), entry("FilmRegisteredEvent", 1000L), entry("ActorCastEvent", 5462L),
                entry("FilmCategorizedEvent", 1000L), entry("StoreOpenedEvent", 2L), entry("StaffHiredEvent", 2L),
                entry("CustomerRegisteredEvent", 599L), entry("CopyAddedToInventoryEvent", 4581L),
                entry("FilmRentedEvent", 16044L), entry("RentalReturnedEvent", 15861L), entry("PaymentTakenEvent", 16049L));
        assertThat(firstRun.appended()).isEqualTo(PAGILA_EVENTS);
        assertThat(storedEvents(commandSide)).isEqualTo(PAGILA_EVENTS);
        assertThat(firstRun.rowsPerTable()).contains(entry("rental", 16044L), entry("payment", 16049L),
                entry("film_actor", 5462L));

        JdbcTemplate legacy = new JdbcTemplate(TestDatabases.legacy());
        assertThat(firstRun.anomalies()).contains(
                entry("zero payments", legacy.queryForObject("SELECT count(*) FROM payment WHERE amount = 0", Long.class)),
                entry("rentals never returned", legacy.queryForObject(
                        "SELECT count(*) FROM rental WHERE return_date IS NULL", Long.class)),
                entry("payments dated before their rental", legacy.queryForObject(
                        "SELECT count(*) FROM payment p, rental r WHERE r.rental_id = p.rental_id AND p.payment_date < r.rental_date",
                        Long.class)),
                entry("payments by another customer than the renter", legacy.queryForObject(
                        "SELECT count(*) FROM payment p, rental r WHERE r.rental_id = p.rental_id AND p.customer_id <> r.customer_id",
                        Long.class)),
                entry("films with no copy", legacy.queryForObject(
                        "SELECT count(*) FROM film WHERE film_id NOT IN (SELECT film_id FROM inventory)", Long.class)));
        assertThat(firstRun.anomalies().get("rentals of a copy that was already out")).isPositive();
        assertThat(firstRun.anomalies().get("zero payments")).isEqualTo(24L);
    }

    @Test
    @Order(2)
    void eventsKeepTheirOriginalIdsAndTimestamps() {
        Map<String, Object> rental = events(commandSide).queryForMap("""
                SELECT aggregate_identifier, time_stamp, convert_from(payload, 'UTF8') AS payload
                FROM events.domain_event_entry
                WHERE payload_type LIKE '%FilmRentedEvent' AND convert_from(payload, 'UTF8')::jsonb ->> 'rentalId' = '2'""");

        assertThat(rental.get("aggregate_identifier")).isEqualTo("copy-1525");
        assertThat((String) rental.get("time_stamp")).startsWith("2022-05-24T21:54:33");
        assertThat((String) rental.get("payload")).contains("\"customerId\":459");
    }

    @Test
    @Order(3)
    void runningTheImportAgainAppendsNothing() throws Exception {
        ImportReport second = importInto(commandSide, ImportProgress.SILENT);

        assertThat(second.appended()).isZero();
        assertThat(second.skipped()).isEqualTo(PAGILA_EVENTS);
        assertThat(storedEvents(commandSide)).isEqualTo(PAGILA_EVENTS);
    }

    @Test
    @Order(4)
    void anImportKilledMidwayCompletesOnTheNextRunWithoutDuplicatesOrGaps() throws Exception {
        resumed = CommandSideInstance.start(TestDatabases.eventStore("import_interrupted"));
        ImportProgress crashAfterAThird = (done, total) -> {
            if (done > total / 3) {
                throw new IllegalStateException("killed");
            }
        };

        assertThatThrownBy(() -> importInto(resumed, crashAfterAThird)).hasMessageContaining("killed");
        long afterCrash = storedEvents(resumed);
        assertThat(afterCrash).isBetween(1L, PAGILA_EVENTS - 1);

        ImportReport rerun = importInto(resumed, ImportProgress.SILENT);

        assertThat(rerun.skipped()).isEqualTo(afterCrash);
        assertThat(storedEvents(resumed)).isEqualTo(PAGILA_EVENTS);
        JdbcTemplate events = events(resumed);
        assertThat(events.queryForObject("""
                SELECT count(*) FROM (SELECT aggregate_identifier FROM events.domain_event_entry
                GROUP BY aggregate_identifier HAVING max(sequence_number) + 1 <> count(*)) gaps""", Long.class)).isZero();
        assertThat(events.queryForObject("SELECT count(*) FROM events.rental_copy", Long.class)).isEqualTo(16_044L);
    }

    @Test
    @Order(5)
    void newIdsStartAboveEveryImportedId() throws Exception {
        commandSide.signInAs("Mike", "12345");
        var created = commandSide.post("/api/actors", "{\"firstName\": \"PENELOPE\", \"lastName\": \"CRUZ\"}");

        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.body()).contains("\"id\":201");
    }

    @Test
    @Order(6)
    void theCommandApiIsDocumentedByOpenApi() throws Exception {
        var docs = commandSide.get("/v3/api-docs");

        assertThat(docs.statusCode()).isEqualTo(200);
        assertThat(docs.body()).contains("/api/rentals", "/api/rentals/{rentalId}/return", "/api/payments",
                "/api/films/{filmId}/actors/{actorId}", "/api/inventory/{inventoryId}/retire", "/api/customers/{customerId}/deactivate");
    }

    private static ImportReport importInto(CommandSideInstance instance, ImportProgress progress) throws Exception {
        try (Connection legacy = TestDatabases.legacy().getConnection()) {
            return instance.bean(PagilaImporter.class).importFrom(legacy, progress);
        }
    }

    private static long storedEvents(CommandSideInstance instance) {
        return events(instance).queryForObject("SELECT count(*) FROM events.domain_event_entry", Long.class);
    }

    private static JdbcTemplate events(CommandSideInstance instance) {
        return instance.bean(JdbcTemplate.class);
    }
}
