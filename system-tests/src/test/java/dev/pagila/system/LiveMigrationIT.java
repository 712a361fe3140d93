package dev.pagila.system;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pagila.cli.PagilaCli;
import dev.pagila.parity.ParityCheck;
import dev.pagila.parity.ParityReport;
import dev.pagila.parity.ParitySettings;
import dev.pagila.stack.LocalPlatform;
import dev.pagila.stack.LocalPlatformOptions;
import dev.pagila.stack.OperatorPassword;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The live migration's runbook on a platform of its own that follows a running monolith: changes made in the
 * monolith's SQL reach the query API while the command API refuses, the console pauses and resumes the follower,
 * and at cut-over every answer of the query API matches the monolith's views before the command API opens.
 */
@Order(2) // before the shared platform starts (scheduling only)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LiveMigrationIT {

    /** A film with rentals among the first ones, which the monolith reprices and recasts while followed. */
    private static final int FOLLOWED_FILM = 10;

    private PlatformDriver driver;
    private LocalPlatform platform;

    @BeforeAll
    void startFollowingTheMonolith() throws IOException {
        driver = PlatformDriver.start(PlatformDriver.FIRST_RENTALS_ONLY, LocalPlatformOptions::withFollowLegacy);
        platform = driver.platform();
    }

    @AfterAll
    void stopPlatform() throws IOException {
        if (driver != null) {
            driver.close();
        }
    }

    /** One story, as the runbook's steps happen in one order: follow, watch, drain, compare, cut over. */
    @Test
    void theMonolithIsFollowedUntilCutOverWhereEveryAnswerMatchesItsViews() throws Exception {
        changesMadeInTheMonolithReachTheQueryApiWhileCommandsAre409();
        theConsoleShowsTheFollowerItsRateAndPausesAndResumesIt();
        atCutOverEveryAnswerMatchesTheMonolithAndTheCommandApiOpens();
    }

    private void changesMadeInTheMonolithReachTheQueryApiWhileCommandsAre409() throws Exception {
        int copy;
        int rental;
        int customer;
        int actor;
        try (Connection legacy = driver.legacy(); Statement sql = legacy.createStatement()) {
            sql.executeUpdate("UPDATE film SET rental_rate = 1.49 WHERE film_id = " + FOLLOWED_FILM);
            copy = single(sql, """
                    SELECT min(i.inventory_id) FROM inventory i WHERE i.film_id = %d
                    AND NOT EXISTS (SELECT 1 FROM rental r WHERE r.inventory_id = i.inventory_id AND r.return_date IS NULL)""".formatted(FOLLOWED_FILM));
            rental = single(sql, "INSERT INTO rental (rental_date, inventory_id, customer_id, staff_id)"
                    + " VALUES ('2022-07-20 10:00:00+00', " + copy + ", 5, 1) RETURNING rental_id");
            sql.executeUpdate("UPDATE rental SET return_date = '2022-07-25 10:00:00+00' WHERE rental_id = " + rental);
            sql.executeUpdate("INSERT INTO payment (customer_id, staff_id, rental_id, amount, payment_date)"
                    + " VALUES (5, 1, " + rental + ", 1.49, '2022-07-25 10:00:00+00')");
            for (int late = 1; late <= 3; late++) { // late fees: four payments in a month, a reward for the customer
                sql.executeUpdate("INSERT INTO payment (customer_id, staff_id, rental_id, amount, payment_date)"
                        + " VALUES (5, 1, " + rental + ", 3.99, '2022-07-2" + (5 + late) + " 10:00:00+00')");
            }
            customer = single(sql, "INSERT INTO customer (store_id, first_name, last_name, email, address_id, activebool,"
                    + " create_date) VALUES (1, 'FOLLOWED', 'NEWCOMER', 'followed@example.com', 5, true, '2022-07-01')"
                    + " RETURNING customer_id");
            actor = single(sql, "SELECT min(actor_id) FROM actor WHERE actor_id NOT IN (SELECT actor_id FROM film_actor WHERE film_id = " + FOLLOWED_FILM + ")");
            sql.executeUpdate("INSERT INTO film_actor (actor_id, film_id) VALUES (" + actor + ", " + FOLLOWED_FILM + ")");
        }

        JsonNode film = awaitJson("/api/films/" + FOLLOWED_FILM, answer -> answer.get("rentalRate").decimalValue().compareTo(new java.math.BigDecimal("1.49")) == 0
                && answer.get("cast").findValuesAsText("actorId").contains(String.valueOf(actor)));
        assertThat(film.get("cast").findValuesAsText("actorId")).contains(String.valueOf(actor));
        JsonNode rented = awaitJson("/api/customers/5/rentals", answer -> answer.get("items").findValuesAsText("rentalId")
                .contains(String.valueOf(rental)));
        JsonNode followedRental = java.util.stream.StreamSupport.stream(rented.get("items").spliterator(), false)
                .filter(item -> item.get("rentalId").asInt() == rental).findFirst().orElseThrow();
        assertThat(followedRental.get("copyId").asInt()).isEqualTo(copy);
        assertThat(followedRental.get("rentalRate").decimalValue()).as("rented after the repricing").isEqualByComparingTo("1.49");
        assertThat(followedRental.get("returnedAt").asText()).startsWith("2022-07-25T10:00");
        assertThat(awaitJson("/api/customers/" + customer, answer -> true).get("name").asText()).isEqualTo("FOLLOWED NEWCOMER");

        long stored = driver.eventCount();
        HttpResponse<String> refused = driver.post("/api/payments", "{\"customerId\": 1, \"amount\": 1.00}");
        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(driver.json.readTree(refused.body()).get("type").asText()).isEqualTo("urn:pagila:problem:legacy-system-of-record");
        assertThat(driver.eventCount()).isEqualTo(stored);

        java.io.StringWriter status = new java.io.StringWriter();
        picocli.CommandLine cli = PagilaCli.commandLine();
        cli.setOut(new java.io.PrintWriter(status, true));
        assertThat(cli.execute("migrate", "status", "--command-url=" + platform.commandApi(),
                "--data-dir=" + driver.options().dataDirectory())).isZero();
        assertThat(status.toString()).contains("following").contains("system of record   legacy").contains("events appended");
        JsonNode appended = driver.json.readTree(driver.operatorCommand("GET", "/actuator/metrics/pagila.migration.events.appended",
                null).body());
        assertThat(appended.at("/measurements/0/value").asDouble()).as("rented, returned, paid, repriced, registered, cast")
                .isGreaterThanOrEqualTo(6);
        HttpResponse<String> lag = driver.operatorCommand("GET", "/actuator/metrics/pagila.migration.lag.bytes", null);
        assertThat(lag.statusCode()).isEqualTo(200);
        assertThat(driver.json.readTree(lag.body()).at("/measurements/0/value").isNumber()).as("a slot to measure: " + lag.body())
                .isTrue();
    }

    /** The console shows the follower and its rate, pauses and resumes it, and audits both steps. */
    private void theConsoleShowsTheFollowerItsRateAndPausesAndResumesIt() throws Exception {
        try (Browser browser = Browser.headless(Path.of("target", "console-screenshots"))) {
            var wait = new org.openqa.selenium.support.ui.WebDriverWait(browser.web, Duration.ofSeconds(30));
            browser.signInToConsole(platform.queryApi(), OperatorPassword.USERNAME,
                    OperatorPassword.forDataDirectory(driver.options().dataDirectory()));
            wait.until(page -> browser.text("#migration-status").contains("following"));
            wait.until(page -> (Boolean) browser.web.executeScript("return !document.getElementById('migration-chart').hidden"));

            browser.click("#migration-status", "Pause");
            wait.until(page -> browser.text("#migration-status").contains("paused"));
            assertThat(driver.operatorCommand("GET", "/api/migration", null).body()).contains("\"state\":\"paused\"");
            browser.click("#migration-status", "Follow");
            wait.until(page -> browser.text("#migration-status").contains("following"));
            browser.screenshot("migration", "migration");

            wait.until(page -> browser.text("#audit-log").contains("migration-pause") && browser.text("#audit-log").contains("migration-follow"));
        }
    }

    private void atCutOverEveryAnswerMatchesTheMonolithAndTheCommandApiOpens() throws Exception {
        HttpResponse<String> drained = driver.operatorCommand("POST", "/api/migration/drain", null);
        assertThat(drained.statusCode()).as(drained.body()).isEqualTo(200);
        platform.awaitReadModelCaughtUp(message -> { });
        Instant snapshotAt = Instant.parse(driver.json.readTree(driver.operatorCommand("GET", "/api/migration", null).body())
                .get("snapshotAt").asText());

        long copies = legacyCount("inventory");
        long rentals = legacyCount("rental");
        ParityReport report = ParityCheck.run(ParitySettings.of("jdbc:postgresql://localhost:" + driver.options().postgresPort() + "/"
                + LocalPlatform.LEGACY_DATABASE, platform.queryApi(), platform.commandApi()).followedSince(snapshotAt), System.out::println);

        assertThat(report.mismatches()).as(report.format()).isZero();
        assertThat(report.rowsCompared()).as(report.format()).containsAllEntriesOf(Map.ofEntries(
                Map.entry("film_list", 997L),
                Map.entry("nicer_but_slower_film_list", 997L),
                Map.entry("film_list paging", 997L),
                Map.entry("film detail", 1000L),
                Map.entry("film detail (no-cache)", 1000L),
                Map.entry("film_in_stock", 2000L), // 1000 films at 2 stores
                Map.entry("film_not_in_stock", 2000L),
                Map.entry("inventory", copies),
                Map.entry("actor_info", 200L),
                Map.entry("actor_info by id", 200L),
                Map.entry("films of actor", 200L),
                Map.entry("films of category", 16L),
                Map.entry("customer_list", 600L), // the sample's 599 and the one the monolith registered while followed
                Map.entry("staff_list", 2L),
                Map.entry("sales_by_store", 2L),
                Map.entry("sales_by_film_category", 16L),
                Map.entry("customer balance", 3 * 600L), // before, during and after the data
                Map.entry("rental history", rentals),
                Map.entry("not found", 3L)));
        assertThat(report.rowsCompared("film_list filters")).isPositive();
        assertThat(report.rowsCompared("rewards")).as("the customer the monolith's late fees rewarded").isPositive();
        assertThat(report.format()).as("the followed film's earlier rentals keep the rate they were made at")
                .contains("carry the rate they were made at");

        HttpResponse<String> cutOver = driver.operatorCommand("POST", "/api/migration/cut-over",
                "{\"checkedAtMarker\": \"" + driver.json.readTree(drained.body()).get("marker").asText() + "\"}");
        assertThat(cutOver.statusCode()).as(cutOver.body()).isEqualTo(200);
        HttpResponse<String> paid = driver.post("/api/payments", "{\"customerId\": 1, \"amount\": 1.00}");
        assertThat(paid.statusCode()).as(paid.body()).isEqualTo(201);
    }

    private long legacyCount(String table) throws SQLException {
        try (Connection legacy = driver.legacy(); Statement sql = legacy.createStatement()) {
            return single(sql, "SELECT count(*) FROM " + table);
        }
    }

    private JsonNode awaitJson(String path, java.util.function.Predicate<JsonNode> until) throws Exception {
        Instant deadline = Instant.now().plusSeconds(60);
        while (true) {
            HttpResponse<String> response = driver.send("GET", platform.queryApi() + path, null, driver.mike().authorization());
            if (response.statusCode() == 200 && until.test(driver.json.readTree(response.body()))) {
                return driver.json.readTree(response.body());
            }
            assertThat(Instant.now()).as(path + " did not follow the monolith: " + response.body()).isBefore(deadline);
            Thread.sleep(200);
        }
    }

    private static int single(Statement sql, String query) throws SQLException {
        try (var result = sql.executeQuery(query)) {
            result.next();
            return result.getInt(1);
        }
    }
}
