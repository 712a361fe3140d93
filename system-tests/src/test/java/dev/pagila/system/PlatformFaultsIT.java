package dev.pagila.system;

import dev.pagila.infra.dynamodb.DynamoDbClients;
import dev.pagila.infra.dynamodb.FilmsTable;
import dev.pagila.stack.LocalPlatform;
import dev.pagila.stack.LocalPlatformOptions;
import dev.pagila.stack.OperatorPassword;
import org.openqa.selenium.By;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What must hold when the read model is rebuilt, replayed, redelivered or its process killed, on a platform whose
 * legacy database is cut down to its first 2,000 rentals of its first 1,500 copies (every film, actor, category and
 * customer stays): a history big enough to kill a replay in the middle of, small enough to rebuild several times.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PlatformFaultsIT {

    private final PlatformDriver driver = new PlatformDriver(() -> this.platform);
    private LocalPlatform platform;

    @BeforeAll
    void startPlatform(@TempDir Path dataDirectory) throws IOException {
        platform = driver.start(dataDirectory, legacy -> {
            try (Connection connection = legacy.getConnection(); Statement statement = connection.createStatement()) {
                statement.executeUpdate("DELETE FROM payment WHERE rental_id IN "
                        + "(SELECT rental_id FROM rental WHERE rental_id > 2000 OR inventory_id > 1500)");
                statement.executeUpdate("DELETE FROM rental WHERE rental_id > 2000 OR inventory_id > 1500");
                statement.executeUpdate("DELETE FROM inventory WHERE inventory_id > 1500");
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException("cutting the legacy database down failed: " + e.getMessage(), e);
            }
        }, LocalPlatformOptions::withoutWarmUp); // restarted often, measured never
    }

    @AfterAll
    void stopPlatform() throws IOException {
        driver.stop();
    }

    private static final String FAR_FUTURE = "2100-01-01T00:00:00Z";
    private static final int CUSTOMER = 5;
    private static final int POISONED_CUSTOMER = 7;
    private String balanceAfterRepricing;

    /** The later tests replay, kill mid-replay and rebuild; the last one checks this balance came through them all. */
    @Test
    @Order(0)
    void aFilmRepricedBetweenTwoRentalsChargesEachTheRateItWasRentedAt() throws Exception {
        int copy = driver.copiesInStock(1).get(0);
        int film = driver.getJson("/api/inventory/" + copy).get("filmId").asInt();
        JsonNode terms = driver.getJson("/api/films/" + film);
        BigDecimal oldRate = terms.get("rentalRate").decimalValue();
        BigDecimal balanceBefore = balance();

        rentAndReturn(copy);
        HttpResponse<String> repriced = driver.put("/api/films/" + film + "/pricing", "{\"rentalDuration\": "
                + terms.get("rentalDuration").asInt() + ", \"rentalRate\": 9.99, \"replacementCost\": "
                + terms.get("replacementCost").decimalValue() + "}");
        assertThat(repriced.statusCode()).as(repriced.body()).isEqualTo(200);
        rentAndReturn(copy);
        for (String group : List.of("catalog", "customers", "sales", "accounts")) {
            driver.awaitCaughtUp(group);
        }

        assertThat(balance()).isEqualByComparingTo(balanceBefore.add(oldRate).add(new BigDecimal("9.99")));
        List<JsonNode> rentalsOfCopy = new java.util.ArrayList<>();
        driver.getJson("/api/customers/" + CUSTOMER + "/rentals").get("items").forEach(rental -> {
            if (rental.get("copyId").asInt() == copy) {
                rentalsOfCopy.add(rental);
            }
        });
        assertThat(rentalsOfCopy.subList(rentalsOfCopy.size() - 2, rentalsOfCopy.size()))
                .extracting(rental -> rental.get("rentalRate").decimalValue())
                .usingElementComparator(BigDecimal::compareTo).containsExactly(oldRate, new BigDecimal("9.99"));
        balanceAfterRepricing = balance().toPlainString();
    }

    private void rentAndReturn(int copy) throws Exception {
        HttpResponse<String> rented = driver.post("/api/rentals", "{\"inventoryId\": " + copy + ", \"customerId\": " + CUSTOMER + "}");
        assertThat(rented.statusCode()).as(rented.body()).isEqualTo(201);
        int rental = driver.json.readTree(rented.body()).get("rentalId").asInt();
        assertThat(driver.post("/api/rentals/" + rental + "/return", "").statusCode()).isEqualTo(200);
    }

    private BigDecimal balance() throws Exception {
        return driver.getJson("/api/customers/" + CUSTOMER + "/balance?at=" + FAR_FUTURE).get("balance").decimalValue();
    }

    /** The read model was filled through the bulk path at the first start; the live path must build the same items. */
    @Test
    @Order(1)
    void theLivePathReplayedIntoAnEmptiedTableBuildsExactlyTheItemsOfTheBulkFill() throws Exception {
        List<Map<String, AttributeValue>> before = driver.scanFilmsTable();
        String table = driver.json.readTree(driver.admin("GET", "/admin/read-model").body()).get("activeTable").asText();
        try (DynamoDbClient dynamoDb = DynamoDbClients.create(platform.stack().dynamoDbSettings())) {
            dynamoDb.deleteTable(request -> request.tableName(table));
            FilmsTable.createIfMissing(dynamoDb, table);
        }

        for (String group : List.of("catalog", "inventory", "customers", "sales", "accounts")) {
            HttpResponse<String> replay = driver.admin("POST", "/admin/processors/" + group + "/replay?fromPosition=0");
            assertThat(replay.statusCode()).as(replay.body()).isEqualTo(202);
        }
        for (String group : List.of("catalog", "inventory", "customers", "sales", "accounts")) {
            driver.awaitCaughtUp(group);
        }

        assertThat(driver.scanFilmsTable()).hasSize(before.size()).isEqualTo(before);
    }

    @Test
    @Order(2)
    void aQuerySideKilledMidReplayFillsTheGroupAgainAtItsRestartWithNothingMissingOrDoubled() throws Exception {
        List<Map<String, AttributeValue>> before = driver.itemsOfTypes("RENTAL", "PAYMENT", "SALES");
        String salesByStore = driver.getJson("/api/reports/sales-by-store").toString();

        assertThat(driver.admin("POST", "/admin/processors/sales/replay").statusCode()).isEqualTo(202);
        platform.killQuerySideAt("for [sales] from the first event", Duration.ofMinutes(5));
        platform.startQuerySide(); // returns once every processor has caught up again

        assertThat(driver.itemsOfTypes("RENTAL", "PAYMENT", "SALES")).hasSize(before.size()).isEqualTo(before);
        assertThat(driver.getJson("/api/reports/sales-by-store").toString()).isEqualTo(salesByStore);
        JsonNode fill = driver.json.readTree(driver.admin("GET", "/admin/read-model").body()).get("startFill");
        assertThat(fill.get("groups")).extracting(JsonNode::asText).containsExactly("sales");
    }

    @Test
    @Order(3)
    void aBlueGreenRebuildUnderConcurrentCommandsLosesNothingAndSwitchesQueriesAtOnce() throws Exception {
        String blue = driver.json.readTree(driver.admin("GET", "/admin/read-model").body()).get("activeTable").asText();
        HttpResponse<String> started = driver.admin("POST", "/admin/read-model/rebuild");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        String green = driver.json.readTree(started.body()).get("table").asText();
        assertThat(green).isNotEqualTo(blue);
        assertThat(driver.admin("POST", "/admin/read-model/rebuild").statusCode()).as("one rebuild at a time").isEqualTo(409);

        // commands while the green table fills; the blue one keeps serving and receiving them
        for (int copy : driver.copiesInStock(5)) {
            JsonNode rental = driver.json.readTree(driver.post("/api/rentals", """
                    {"inventoryId": %d, "customerId": 1, "staffId": 1}""".formatted(copy)).body());
            assertThat(driver.post("/api/payments", """
                    {"customerId": 1, "staffId": 1, "rentalId": %d, "amount": 2.99}""".formatted(rental.get("rentalId").asInt()))
                    .statusCode()).isEqualTo(201);
            assertThat(driver.post("/api/rentals/" + rental.get("rentalId").asInt() + "/return", "").statusCode()).isEqualTo(200);
            assertThat(driver.post("/api/films", PlatformDriver.ACADEMY_DINOSAUR.replace("ACADEMY DINOSAUR", "BLUE GREEN " + copy)).statusCode())
                    .isEqualTo(201);
        }
        assertThat(driver.json.readTree(driver.admin("GET", "/admin/read-model").body()).get("activeTable").asText()).isEqualTo(blue);

        Instant deadline = Instant.now().plusSeconds(900);
        JsonNode readModel;
        do {
            assertThat(Instant.now()).as("the rebuild did not switch in time").isBefore(deadline);
            Thread.sleep(500);
            readModel = driver.json.readTree(driver.admin("GET", "/admin/read-model").body());
            assertThat(readModel.at("/rebuild/state").asText()).isNotEqualTo("FAILED");
        } while (!readModel.at("/rebuild/state").asText().equals("SWITCHED"));
        assertThat(readModel.get("activeTable").asText()).isEqualTo(green);
        assertThat(readModel.get("previousTable").asText()).isEqualTo(blue);
        for (String group : List.of("catalog", "inventory", "customers", "sales", "accounts")) {
            driver.awaitCaughtUp(group);
        }

        assertThat(driver.scanTable(green)).isEqualTo(driver.scanTable(blue));

        HttpResponse<String> after = driver.post("/api/films", PlatformDriver.ACADEMY_DINOSAUR.replace("ACADEMY DINOSAUR", "AFTER THE SWITCH"));
        JsonNode receipt = driver.json.readTree(after.body());
        assertThat(driver.getJson("/api/films/" + receipt.get("id").asInt() + "?minPosition=" + receipt.get("position").asLong())
                .get("title").asText()).isEqualTo("AFTER THE SWITCH");
        assertThat(driver.scanTable(blue)).noneMatch(item -> item.get("PK").s().equals("FILM#" + receipt.get("id").asInt()));
        assertThat(driver.admin("DELETE", "/admin/read-model/tables/" + green).statusCode()).isEqualTo(409);
        assertThat(driver.admin("DELETE", "/admin/read-model/tables/" + blue).statusCode()).isEqualTo(204);
    }

    @Test
    @Order(4)
    void redeliveringEveryEventLeavesTheReadModelUnchanged() throws Exception {
        List<Map<String, AttributeValue>> before = driver.scanFilmsTable();

        platform.stopQuerySide();
        try (Connection admin = platform.stack().adminDataSource().getConnection();
             Statement statement = admin.createStatement()) {
            // every segment kept, none with a position: the live processors redeliver the whole stream
            statement.executeUpdate("UPDATE projections.token_entry SET token = NULL, token_type = NULL");
        }
        platform.startQuerySide(); // returns once the query side has caught up again

        assertThat(driver.scanFilmsTable()).isEqualTo(before);
        assertThat(driver.metric("pagila.projection.events", "outcome:applied")).isZero();
        assertThat(driver.metric("pagila.projection.events", "outcome:already-applied")).isEqualTo(driver.projectedEventCount());
    }

    @Test
    @Order(5)
    void aStartWithoutTokensKilledWhileWritingOutFillsTheReadModelAnewAndServesItOnlyWhenComplete() throws Exception {
        List<Map<String, AttributeValue>> before = driver.scanFilmsTable();
        String active = driver.json.readTree(driver.admin("GET", "/admin/read-model").body()).get("activeTable").asText();

        platform.stopQuerySide();
        try (Connection admin = platform.stack().adminDataSource().getConnection();
             Statement statement = admin.createStatement()) {
            statement.executeUpdate("DELETE FROM projections.token_entry"); // as on a first start
        }
        platform.startQuerySideAndKillAt("Stopping PooledStreamingEventProcessor [fill-", Duration.ofMinutes(5));
        platform.startQuerySide(); // returns once the query side answers, its fill done

        JsonNode fill = driver.json.readTree(driver.admin("GET", "/admin/read-model").body()).get("startFill");
        assertThat(fill.get("state").asText()).isEqualTo("FILLED");
        assertThat(fill.get("table").asText()).isEqualTo(active);
        assertThat(fill.get("position").asLong()).isEqualTo(driver.lastPosition());
        assertThat(fill.get("itemsWritten").asLong()).as("each item written once").isEqualTo(before.size());
        assertThat(driver.scanFilmsTable()).isEqualTo(before);
        for (String group : List.of("catalog", "inventory", "customers", "sales", "accounts")) {
            assertThat(driver.processor(group).get("position").asLong()).isEqualTo(driver.lastPosition());
        }
        assertThat(driver.metric("pagila.projection.events", "outcome:applied")).isZero();
    }

    @Test
    @Order(10)
    void theRepricedFilmsBalanceIsTheSameAfterTheReplaysAndTheRebuild() throws Exception {
        assertThat(balanceAfterRepricing).as("set by the first test").isNotNull();
        assertThat(balance().toPlainString()).isEqualTo(balanceAfterRepricing);
    }

    /**
     * The operations console in a real browser: the operator signs in, sees every group live, replays customers after
     * reading what the replay will do, watches it reach the head, finds a poison event in dead letters, retries it once
     * its cause is fixed, and finds those actions in the audit log; without a token, or with a staff token, the
     * console shows nothing.
     */
    @Test
    @Order(20)
    void theOperationsConsoleShowsTheGroupsReplaysRetriesAndAuditsInABrowser() throws Exception {
        String console = platform.queryApi() + "/console";
        HttpResponse<String> anonymousData = driver.send("GET", console + "/projections", null, null);
        assertThat(anonymousData.statusCode()).as("no token: sent to sign in").isEqualTo(302);
        assertThat(anonymousData.headers().firstValue("Location").orElseThrow()).endsWith("/console/sign-in");
        String staffToken = driver.mike().authorization().substring("Bearer ".length());
        for (String path : List.of("", "/projections", "/audit", "/dead-letters")) {
            HttpResponse<String> staff = driver.sendWithCookie("GET", console + path, "pagila_console=" + staffToken);
            assertThat(staff.statusCode()).as("a manager's token on " + path).isEqualTo(403);
            assertThat(staff.body()).doesNotContain("customers").doesNotContain("position");
        }

        try (Browser browser = Browser.headless(Path.of("target", "console-screenshots"))) {
            var web = browser.web;
            var wait = new org.openqa.selenium.support.ui.WebDriverWait(web, Duration.ofSeconds(60));
            web.get(console);
            assertThat(web.getCurrentUrl()).endsWith("/console/sign-in");
            browser.screenshot("sign-in");
            browser.signInToConsole(platform.queryApi(), OperatorPassword.USERNAME,
                    OperatorPassword.forDataDirectory(driver.options().dataDirectory()));
            assertThat(web.manage().getCookieNamed("pagila_console").isHttpOnly()).as("no script reads the token").isTrue();
            assertThat((Object) web.executeScript("return JSON.stringify(window.localStorage)")).isEqualTo("{}");

            for (String group : List.of("catalog", "inventory", "customers", "sales", "accounts")) {
                wait.until(page -> "0".equals(browser.text("#group-" + group + " .lag")) && "live".equals(browser.text("#group-" + group + " .state")));
            }
            browser.screenshot("projections");

            new org.openqa.selenium.support.ui.Select(web.findElement(By.id("replay-group"))).selectByValue("customers");
            web.findElement(By.id("replay-review")).click();
            wait.until(page -> !page.findElements(By.id("replay-confirm")).isEmpty());
            long head = driver.processor("customers").path("head").asLong();
            assertThat(web.findElement(By.cssSelector("#replay-outcome .events")).getText().replace(",", ""))
                    .as("the confirmation says how many events are applied again").isEqualTo(Long.toString(head));
            assertThat(web.findElement(By.id("replay-consequence")).getText()).contains("is deleted and written again");
            browser.screenshot("replay-confirmation", "replay");
            web.findElement(By.id("replay-confirm")).click();
            wait.until(page -> browser.text("#replay-progress").contains("has caught up with the head"));
            assertThat(driver.processor("customers").path("lagEvents").asLong()).isZero();

            String poisoned = poisonACustomerEvent();
            wait.until(page -> browser.count("#letters-customers .dead-letter") > 0);
            browser.screenshot("dead-letters", "dead-letters");
            restorePayload(poisoned);
            web.findElement(By.id("retry-customers")).click();
            wait.until(page -> browser.count("#letters-customers .dead-letter") == 0);

            wait.until(page -> browser.text("#audit-log").contains("replay") && browser.text("#audit-log").contains("dead-letter-retry"));
            assertThat(browser.text("#audit-log")).contains(OperatorPassword.USERNAME).contains("customers");
            browser.screenshot("audit-log", "audit");

            web.manage().window().setSize(new org.openqa.selenium.Dimension(390, 844));
            assertThat((Long) web.executeScript("return document.documentElement.scrollWidth - window.innerWidth"))
                    .as("nothing wider than a phone's screen").isLessThanOrEqualTo(0L);
            browser.screenshot("phone");

            web.findElement(By.cssSelector(".sign-out button")).click();
            wait.until(page -> page.getCurrentUrl().endsWith("/console/sign-in"));
            web.get(console);
            assertThat(web.getCurrentUrl()).as("signed out: no console").endsWith("/console/sign-in");
        }
    }

    /**
     * Deactivates a customer, then appends a copy of that deactivation whose payload cannot be read, as a bug in an event's format would
     * leave it: the customers projection parks it. Answers its event id.
     */
    private String poisonACustomerEvent() throws Exception {
        HttpResponse<String> deactivated = driver.post("/api/customers/" + POISONED_CUSTOMER + "/deactivate", null);
        assertThat(deactivated.statusCode()).as(deactivated.body()).isEqualTo(200);
        try (Connection admin = platform.stack().adminDataSource().getConnection();
             java.sql.PreparedStatement insert = admin.prepareStatement("""
                     INSERT INTO events.domain_event_entry (event_identifier, aggregate_identifier, sequence_number, type,
                         time_stamp, payload_type, payload_revision, payload, meta_data)
                     SELECT ?, 'poisoned-' || aggregate_identifier, 0, type, time_stamp, payload_type, payload_revision,
                            convert_to('{"customerId": ', 'UTF8'), meta_data
                     FROM events.domain_event_entry
                     WHERE payload_type = 'dev.pagila.kernel.customers.CustomerDeactivatedEvent'
                       AND aggregate_identifier = 'customer-' || ?""")) {
            String eventId = java.util.UUID.randomUUID().toString();
            insert.setString(1, eventId);
            insert.setInt(2, POISONED_CUSTOMER);
            assertThat(insert.executeUpdate()).as("a customer deactivation to copy").isEqualTo(1);
            return eventId;
        }
    }

    /** The fix: the poisoned event's payload repaired where it is kept, in the event store and in its dead letter. */
    private void restorePayload(String eventId) throws Exception {
        try (Connection admin = platform.stack().adminDataSource().getConnection();
             java.sql.PreparedStatement fix = admin.prepareStatement("""
                     UPDATE events.domain_event_entry poisoned SET payload = original.payload
                     FROM events.domain_event_entry original
                     WHERE poisoned.event_identifier = ? AND original.aggregate_identifier = substring(poisoned.aggregate_identifier, 10)
                       AND original.payload_type = poisoned.payload_type""");
             java.sql.PreparedStatement fixLetter = admin.prepareStatement("""
                     UPDATE projections.dead_letter_entry SET payload = fixed.payload
                     FROM events.domain_event_entry fixed
                     WHERE dead_letter_entry.event_identifier = ? AND fixed.event_identifier = dead_letter_entry.event_identifier""")) {
            fix.setString(1, eventId);
            assertThat(fix.executeUpdate()).isEqualTo(1);
            fixLetter.setString(1, eventId);
            assertThat(fixLetter.executeUpdate()).isEqualTo(1);
        }
    }
}
