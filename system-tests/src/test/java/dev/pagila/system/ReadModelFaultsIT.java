package dev.pagila.system;

import dev.pagila.infra.dynamodb.DynamoDbClients;
import dev.pagila.infra.dynamodb.FilmsTable;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What must hold when the read model is rebuilt, replayed, redelivered or its process killed: every item as a fresh
 * projection of the same events would write it, nothing missing, nothing doubled.
 */
@ExtendWith(ServedPlatform.class)
class ReadModelFaultsIT {

    private final PlatformDriver driver;

    ReadModelFaultsIT(PlatformDriver driver) {
        this.driver = driver;
    }

    private static final String FAR_FUTURE = "2100-01-01T00:00:00Z";
    private static final int CUSTOMER = 5;

    @Test
    void aFilmRepricedBetweenTwoRentalsChargesEachTheRateItWasRentedAt() throws Exception {
        Repricing repricing = rentRepriceAndRentAgain();

        assertThat(balance()).isEqualByComparingTo(repricing.balanceAfter());
        List<JsonNode> rentalsOfCopy = new java.util.ArrayList<>();
        driver.getJson("/api/customers/" + CUSTOMER + "/rentals").get("items").forEach(rental -> {
            if (rental.get("copyId").asInt() == repricing.copy()) {
                rentalsOfCopy.add(rental);
            }
        });
        assertThat(rentalsOfCopy.subList(rentalsOfCopy.size() - 2, rentalsOfCopy.size()))
                .extracting(rental -> rental.get("rentalRate").decimalValue())
                .usingElementComparator(BigDecimal::compareTo).containsExactly(repricing.oldRate(), repricing.newRate());
    }

    private record Repricing(int copy, BigDecimal oldRate, BigDecimal newRate, BigDecimal balanceAfter) {
    }

    /** Rents a copy to the customer and returns it, raises its film's rate by a dollar, rents and returns it again. */
    private Repricing rentRepriceAndRentAgain() throws Exception {
        int copy = driver.copiesInStock(1).get(0);
        int film = driver.getJson("/api/inventory/" + copy).get("filmId").asInt();
        JsonNode terms = driver.getJson("/api/films/" + film);
        BigDecimal oldRate = terms.get("rentalRate").decimalValue();
        BigDecimal newRate = oldRate.add(BigDecimal.ONE);
        BigDecimal balanceBefore = balance();

        rentAndReturn(copy);
        HttpResponse<String> repriced = driver.put("/api/films/" + film + "/pricing", "{\"rentalDuration\": "
                + terms.get("rentalDuration").asInt() + ", \"rentalRate\": " + newRate + ", \"replacementCost\": "
                + terms.get("replacementCost").decimalValue() + "}");
        assertThat(repriced.statusCode()).as(repriced.body()).isEqualTo(200);
        rentAndReturn(copy);
        for (String group : List.of("catalog", "customers", "sales", "accounts")) {
            driver.awaitCaughtUp(group);
        }
        return new Repricing(copy, oldRate, newRate, balanceBefore.add(oldRate).add(newRate));
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
    void theLivePathReplayedIntoAnEmptiedTableBuildsExactlyTheItemsOfTheBulkFill() throws Exception {
        driver.awaitEveryGroupCaughtUp(); // what earlier commands wrote is in the table before it is compared
        List<Map<String, AttributeValue>> before = driver.scanFilmsTable();
        String table = driver.json.readTree(driver.admin("GET", "/admin/read-model").body()).get("activeTable").asText();
        try (DynamoDbClient dynamoDb = DynamoDbClients.create(driver.platform().stack().dynamoDbSettings())) {
            dynamoDb.deleteTable(request -> request.tableName(table));
            FilmsTable.createIfMissing(dynamoDb, table);
        }

        for (String group : List.of("catalog", "inventory", "customers", "sales", "accounts")) {
            HttpResponse<String> replay = driver.admin("POST", "/admin/processors/" + group + "/replay?fromPosition=0");
            assertThat(replay.statusCode()).as(replay.body()).isEqualTo(202);
        }
        driver.awaitEveryGroupCaughtUp();

        PlatformDriver.assertSameItems(driver.scanFilmsTable(), before);
    }

    @Test
    void aQuerySideKilledMidReplayFillsTheGroupAgainAtItsRestartWithNothingMissingOrDoubled() throws Exception {
        driver.awaitEveryGroupCaughtUp(); // what earlier commands wrote is in the table before it is compared
        List<Map<String, AttributeValue>> before = driver.itemsOfTypes("RENTAL", "PAYMENT", "SALES");
        String salesByStore = driver.getJson("/api/reports/sales-by-store").toString();

        assertThat(driver.admin("POST", "/admin/processors/sales/replay").statusCode()).isEqualTo(202);
        driver.platform().killQuerySideAt("for [sales] from the first event", Duration.ofMinutes(5));
        driver.platform().startQuerySide(); // returns once every processor has caught up again

        PlatformDriver.assertSameItems(driver.itemsOfTypes("RENTAL", "PAYMENT", "SALES"), before);
        assertThat(driver.getJson("/api/reports/sales-by-store").toString()).isEqualTo(salesByStore);
        JsonNode fill = driver.json.readTree(driver.admin("GET", "/admin/read-model").body()).get("startFill");
        assertThat(fill.get("groups")).extracting(JsonNode::asText).containsExactly("sales");
    }

    @Test
    void aBlueGreenRebuildUnderConcurrentCommandsLosesNothingAndSwitchesQueriesAtOnce() throws Exception {
        Repricing repricing = rentRepriceAndRentAgain();
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
        driver.awaitEveryGroupCaughtUp();

        PlatformDriver.assertSameItems(driver.scanTable(green), driver.scanTable(blue));
        assertThat(balance()).as("rebuilt, each rental keeps the rate it was made at").isEqualByComparingTo(repricing.balanceAfter());

        HttpResponse<String> after = driver.post("/api/films", PlatformDriver.ACADEMY_DINOSAUR.replace("ACADEMY DINOSAUR", "AFTER THE SWITCH"));
        JsonNode receipt = driver.json.readTree(after.body());
        assertThat(driver.getJson("/api/films/" + receipt.get("id").asInt() + "?minPosition=" + receipt.get("position").asLong())
                .get("title").asText()).isEqualTo("AFTER THE SWITCH");
        assertThat(driver.scanTable(blue)).noneMatch(item -> item.get("PK").s().equals("FILM#" + receipt.get("id").asInt()));
        assertThat(driver.admin("DELETE", "/admin/read-model/tables/" + green).statusCode()).isEqualTo(409);
        assertThat(driver.admin("DELETE", "/admin/read-model/tables/" + blue).statusCode()).isEqualTo(204);
    }

    @Test
    void redeliveringEveryEventLeavesTheReadModelUnchanged() throws Exception {
        driver.awaitEveryGroupCaughtUp(); // what earlier commands wrote is in the table before it is compared
        List<Map<String, AttributeValue>> before = driver.scanFilmsTable();

        driver.platform().stopQuerySide();
        try (Connection admin = driver.platform().stack().adminDataSource().getConnection();
             Statement statement = admin.createStatement()) {
            // every segment kept, none with a position: the live processors redeliver the whole stream
            statement.executeUpdate("UPDATE projections.token_entry SET token = NULL, token_type = NULL");
        }
        driver.platform().startQuerySide(); // returns once the query side has caught up again

        PlatformDriver.assertSameItems(driver.scanFilmsTable(), before);
        assertThat(driver.metric("pagila.projection.events", "outcome:applied")).isZero();
        assertThat(driver.metric("pagila.projection.events", "outcome:already-applied")).isEqualTo(driver.projectedEventCount());
    }

    @Test
    void aStartWithoutTokensKilledWhileWritingOutFillsTheReadModelAnewAndServesItOnlyWhenComplete() throws Exception {
        driver.awaitEveryGroupCaughtUp(); // what earlier commands wrote is in the table before it is compared
        List<Map<String, AttributeValue>> before = driver.scanFilmsTable();
        String active = driver.json.readTree(driver.admin("GET", "/admin/read-model").body()).get("activeTable").asText();

        driver.platform().stopQuerySide();
        try (Connection admin = driver.platform().stack().adminDataSource().getConnection();
             Statement statement = admin.createStatement()) {
            statement.executeUpdate("DELETE FROM projections.token_entry"); // as on a first start
        }
        driver.platform().startQuerySideAndKillAt("Stopping PooledStreamingEventProcessor [fill-", Duration.ofMinutes(5));
        driver.platform().startQuerySide(); // returns once the query side answers, its fill done

        JsonNode fill = driver.json.readTree(driver.admin("GET", "/admin/read-model").body()).get("startFill");
        assertThat(fill.get("state").asText()).isEqualTo("FILLED");
        assertThat(fill.get("table").asText()).isEqualTo(active);
        assertThat(fill.get("position").asLong()).isEqualTo(driver.lastPosition());
        assertThat(fill.get("itemsWritten").asLong()).as("each item written once").isEqualTo(before.size());
        PlatformDriver.assertSameItems(driver.scanFilmsTable(), before);
        for (String group : List.of("catalog", "inventory", "customers", "sales", "accounts")) {
            assertThat(driver.processor(group).get("position").asLong()).isEqualTo(driver.lastPosition());
        }
        assertThat(driver.metric("pagila.projection.events", "outcome:applied")).isZero();
    }

}
