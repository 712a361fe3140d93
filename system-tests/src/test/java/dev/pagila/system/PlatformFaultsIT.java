package dev.pagila.system;

import dev.pagila.infra.dynamodb.DynamoDbClients;
import dev.pagila.infra.dynamodb.FilmsTable;
import dev.pagila.stack.LocalPlatform;
import dev.pagila.stack.LocalPlatformOptions;
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
}
