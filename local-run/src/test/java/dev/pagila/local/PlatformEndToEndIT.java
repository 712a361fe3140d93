package dev.pagila.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pagila.infra.dynamodb.DynamoDbClients;
import dev.pagila.infra.local.Ports;
import dev.pagila.local.parity.ParityCheck;
import dev.pagila.local.parity.ParityReport;
import dev.pagila.local.parity.ParitySettings;
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
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Both apps as processes on the embedded stores, driven through their REST APIs only: the path a user
 * takes from a command to a query, and what must hold when things go wrong on the way.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PlatformEndToEndIT {

    private static final String ACADEMY_DINOSAUR = """
            {"title": "ACADEMY DINOSAUR",
             "description": "A Epic Drama of a Feminist And a Mad Scientist who must Battle a Teacher in The Canadian Rockies",
             "releaseYear": 2006, "languageId": 1, "rentalDuration": 6, "rentalRate": 0.99, "length": 86,
             "replacementCost": 20.99, "rating": "PG", "specialFeatures": ["Deleted Scenes", "Behind the Scenes"]}""";

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    private LocalPlatformOptions options;
    private LocalPlatform platform;
    private int academyDinosaur;

    @BeforeAll
    void startPlatform(@TempDir Path dataDirectory) {
        options = LocalPlatformOptions.defaults(Path.of("..").toAbsolutePath().normalize())
                .withDataDirectory(dataDirectory)
                .withPorts(Ports.anyFree(), Ports.anyFree(), Ports.anyFree(), Ports.anyFree(), Ports.anyFree());
        platform = LocalPlatform.start(options, System.out::println);
    }

    @AfterAll
    void stopPlatform() {
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    @Order(0)
    void theFirstStartImportsThePagilaSampleAndServesItsCatalogue() throws Exception {
        // start() returned only once the query side had projected the whole imported history
        assertThat(eventCount()).isGreaterThanOrEqualTo(60_822);
        HttpResponse<String> film = get(platform.queryApi() + "/api/films/1");
        assertThat(film.statusCode()).isEqualTo(200);
        assertThat(json.readTree(film.body()).get("title").asText()).isEqualTo("ACADEMY DINOSAUR");
        assertThat(json.readTree(film.body()).get("specialFeatures")).extracting(JsonNode::asText)
                .containsExactly("Deleted Scenes", "Behind the Scenes");
        JsonNode caughtUp = getJson("/api/films/1");
        assertThat(caughtUp.get("cast").findValuesAsText("lastName")).hasSize(10).contains("GUINESS", "GABLE");
        assertThat(caughtUp.get("categories").findValuesAsText("name")).containsExactly("Documentary");
    }

    @Test
    @Order(1)
    void everyAnswerOfTheQueryApiMatchesTheLegacyPagilaViews() {
        // runs before any test writes, so the read model holds exactly the imported sample
        ParityReport report = ParityCheck.run(ParitySettings.of("jdbc:postgresql://localhost:" + options.postgresPort() + "/"
                + LocalPlatform.LEGACY_DATABASE, platform.queryApi()), System.out::println);

        assertThat(report.mismatches()).as(report.format()).isZero();
        assertThat(report.rowsCompared()).as(report.format()).containsAllEntriesOf(Map.ofEntries(
                Map.entry("film_list", 997L),
                Map.entry("nicer_but_slower_film_list", 997L),
                Map.entry("film_list paging", 997L),
                Map.entry("film detail", 1000L),
                Map.entry("film detail (no-cache)", 1000L),
                Map.entry("film_in_stock", 2000L), // 1000 films at 2 stores
                Map.entry("film_not_in_stock", 2000L),
                Map.entry("inventory", 4581L),
                Map.entry("actor_info", 200L),
                Map.entry("actor_info by id", 200L),
                Map.entry("films of actor", 200L),
                Map.entry("films of category", 16L),
                Map.entry("customer_list", 599L),
                Map.entry("staff_list", 2L),
                Map.entry("sales_by_store", 2L),
                Map.entry("sales_by_film_category", 16L),
                Map.entry("customer balance", 3 * 599L), // before, during and after the data
                Map.entry("rental history", 16044L),
                Map.entry("not found", 3L)));
        assertThat(report.rowsCompared("film_list filters")).isPositive();
        assertThat(report.rowsCompared("rewards")).isPositive();
    }

    @Test
    @Order(2)
    void registeredFilmIsReadableFromTheQueryApi() throws Exception {
        HttpResponse<String> created = post("/api/films", ACADEMY_DINOSAUR);

        assertThat(created.statusCode()).isEqualTo(201);
        JsonNode receipt = json.readTree(created.body());
        academyDinosaur = receipt.get("id").asInt();
        assertThat(academyDinosaur).isGreaterThan(1000); // new ids start above every Pagila id
        assertThat(created.headers().firstValue("Location")).hasValue("/api/films/" + academyDinosaur);

        JsonNode film = getJson("/api/films/" + academyDinosaur + "?minPosition=" + receipt.get("position").asLong()
                + "&maxWaitMillis=30000");
        assertThat(film.get("title").asText()).isEqualTo("ACADEMY DINOSAUR");
        assertThat(film.get("rentalRate").decimalValue()).isEqualByComparingTo("0.99");
        assertThat(film.get("replacementCost").decimalValue()).isEqualByComparingTo("20.99");
        assertThat(film.get("rating").asText()).isEqualTo("PG");
        assertThat(film.get("specialFeatures")).extracting(JsonNode::asText)
                .containsExactly("Deleted Scenes", "Behind the Scenes");
        assertThat(film.get("position").asLong()).isGreaterThanOrEqualTo(receipt.get("position").asLong());
    }

    @Test
    @Order(3)
    void aReadAskingForTheRevisionsPositionSeesTheRevision() throws Exception {
        HttpResponse<String> revised = put("/api/films/" + academyDinosaur,
                ACADEMY_DINOSAUR.replace("\"ACADEMY DINOSAUR\"", "\"ACADEMY DINOSAUR REMASTERED\""));

        assertThat(revised.statusCode()).isEqualTo(200);
        long position = json.readTree(revised.body()).get("position").asLong();
        JsonNode film = getJson("/api/films/" + academyDinosaur + "?minPosition=" + position + "&maxWaitMillis=30000");
        assertThat(film.get("title").asText()).isEqualTo("ACADEMY DINOSAUR REMASTERED");
        assertThat(film.get("position").asLong()).isEqualTo(position);
    }

    @Test
    @Order(4)
    void badInputGets400NamingTheFieldAndAppendsNothing() throws Exception {
        long eventsBefore = eventCount();

        assertRefused(post("/api/films", ACADEMY_DINOSAUR.replace("\"title\": \"ACADEMY DINOSAUR\",", "")), "title");
        assertRefused(post("/api/films", ACADEMY_DINOSAUR.replace("\"rentalRate\": 0.99", "\"rentalRate\": -0.99")),
                "rentalRate");
        assertRefused(post("/api/films", ACADEMY_DINOSAUR.replace("\"rating\": \"PG\"", "\"rating\": \"X\"")), "rating");
        assertRefused(post("/api/films", ACADEMY_DINOSAUR.replace("\"length\": 86", "\"length\": 8 6")), "length");
        assertRefused(put("/api/films/" + academyDinosaur, ACADEMY_DINOSAUR.replace("\"title\": \"ACADEMY DINOSAUR\"",
                "\"title\": \"   \"")), "title");

        assertThat(eventCount()).isEqualTo(eventsBefore);
    }

    @Test
    @Order(5)
    void unknownFilmsAre404OnBothApis() throws Exception {
        HttpResponse<String> revise = put("/api/films/999999", ACADEMY_DINOSAUR);
        assertThat(revise.statusCode()).isEqualTo(404);
        assertThat(revise.headers().firstValue("Content-Type")).hasValue("application/problem+json");

        HttpResponse<String> read = get(platform.queryApi() + "/api/films/999999");
        assertThat(read.statusCode()).isEqualTo(404);
        assertThat(json.readTree(read.body()).get("status").asInt()).isEqualTo(404);
    }

    @Test
    @Order(6)
    void theQuerySidesRoleCanReadEventsButNeverWriteThem() throws Exception {
        try (Connection query = DriverManager.getConnection(options.endpoints().jdbcUrl(), "pagila_query", "pagila_query");
             Statement statement = query.createStatement()) {
            assertThat(statement.executeQuery("SELECT count(*) FROM events.domain_event_entry").next()).isTrue();
            assertThatThrownBy(() -> statement.executeUpdate("DELETE FROM events.domain_event_entry"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("permission denied");
        }
    }

    @Test
    @Order(7)
    void theAdminApiNeedsTheTokenAndShowsEveryProcessorCaughtUp() throws Exception {
        HttpResponse<String> anonymous = get(platform.queryApi() + "/admin/processors");
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(json.readTree(anonymous.body()).get("type").asText()).isEqualTo("urn:pagila:problem:unauthorized");
        assertThat(admin("GET", "/admin/processors", "not-the-token").statusCode()).isEqualTo(401);
        assertThat(get(platform.queryApi() + "/api/films/1").statusCode()).isEqualTo(200);

        for (String group : List.of("catalog", "inventory", "customers", "sales")) {
            awaitCaughtUp(group); // the earlier tests' last events may still be on their way
        }
        JsonNode processors = json.readTree(admin("GET", "/admin/processors").body()).get("items");

        assertThat(processors.findValuesAsText("name")).containsExactly("catalog", "inventory", "customers", "sales");
        for (JsonNode processor : processors) {
            assertThat(processor.get("lagEvents").asLong()).as(processor.toString()).isZero();
            assertThat(processor.get("head").asLong()).isEqualTo(eventCount());
            assertThat(processor.get("segments")).isNotEmpty();
            assertThat(processor.get("deadLetters").asInt()).isZero();
        }
        assertThat(json.readTree(get(platform.queryApi() + "/actuator/health").body()).at("/components/dynamoDb/status").asText())
                .isEqualTo("UP");
        assertThat(metric("pagila.projection.lag.events", "group:sales")).isNotNegative(); // refreshed every 5 s
        assertThat(metric("pagila.projection.rate", "group:sales")).isNotNegative();
        assertThat(metric("pagila.cache.hit.ratio", null)).isBetween(0.0, 1.0);
        assertThat(get(platform.commandApi() + "/actuator/metrics/pagila.command.latency").statusCode()).isEqualTo(200);
        assertThat(json.readTree(get(platform.commandApi() + "/actuator/health").body()).at("/components/db/status").asText())
                .isEqualTo("UP");
    }

    @Test
    @Order(8)
    void replayingAProcessorFromTheStartRebuildsExactlyTheReadModelItBuiltLive() throws Exception {
        List<Map<String, AttributeValue>> before = itemsOfTypes("CUSTOMER");

        HttpResponse<String> replay = admin("POST", "/admin/processors/customers/replay");
        assertThat(replay.statusCode()).as(replay.body()).isEqualTo(202);
        awaitCaughtUp("customers");

        assertThat(itemsOfTypes("CUSTOMER")).hasSize(before.size()).isEqualTo(before);
    }

    @Test
    @Order(9)
    void aQuerySideKilledMidReplayResumesAndConvergesWithNothingMissingOrDoubled() throws Exception {
        List<Map<String, AttributeValue>> before = itemsOfTypes("RENTAL", "PAYMENT", "SALES");
        String salesByStore = getJson("/api/reports/sales-by-store").toString();

        assertThat(admin("POST", "/admin/processors/sales/replay").statusCode()).isEqualTo(202);
        long head = eventCount();
        Instant deadline = Instant.now().plusSeconds(300);
        while (processor("sales").get("position").asLong() < head / 3) {
            assertThat(Instant.now()).isBefore(deadline);
            Thread.sleep(200);
        }
        platform.killQuerySide();
        platform.startQuerySide(); // returns once every processor has caught up again

        assertThat(itemsOfTypes("RENTAL", "PAYMENT", "SALES")).hasSize(before.size()).isEqualTo(before);
        assertThat(getJson("/api/reports/sales-by-store").toString()).isEqualTo(salesByStore);
    }

    @Test
    @Order(10)
    void aBlueGreenRebuildUnderConcurrentCommandsLosesNothingAndSwitchesQueriesAtOnce() throws Exception {
        String blue = json.readTree(admin("GET", "/admin/read-model").body()).get("activeTable").asText();
        HttpResponse<String> started = admin("POST", "/admin/read-model/rebuild");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        String green = json.readTree(started.body()).get("table").asText();
        assertThat(green).isNotEqualTo(blue);
        assertThat(admin("POST", "/admin/read-model/rebuild").statusCode()).as("one rebuild at a time").isEqualTo(409);

        // commands while the green table fills; the blue one keeps serving and receiving them
        for (int copy : copiesInStock(5)) {
            JsonNode rental = json.readTree(post("/api/rentals", """
                    {"inventoryId": %d, "customerId": 1, "staffId": 1}""".formatted(copy)).body());
            assertThat(post("/api/payments", """
                    {"customerId": 1, "staffId": 1, "rentalId": %d, "amount": 2.99}""".formatted(rental.get("rentalId").asInt()))
                    .statusCode()).isEqualTo(201);
            assertThat(post("/api/rentals/" + rental.get("rentalId").asInt() + "/return", "").statusCode()).isEqualTo(200);
            assertThat(post("/api/films", ACADEMY_DINOSAUR.replace("ACADEMY DINOSAUR", "BLUE GREEN " + copy)).statusCode())
                    .isEqualTo(201);
        }
        assertThat(json.readTree(admin("GET", "/admin/read-model").body()).get("activeTable").asText()).isEqualTo(blue);

        Instant deadline = Instant.now().plusSeconds(900);
        JsonNode readModel;
        do {
            assertThat(Instant.now()).as("the rebuild did not switch in time").isBefore(deadline);
            Thread.sleep(500);
            readModel = json.readTree(admin("GET", "/admin/read-model").body());
            assertThat(readModel.at("/rebuild/state").asText()).isNotEqualTo("FAILED");
        } while (!readModel.at("/rebuild/state").asText().equals("SWITCHED"));
        assertThat(readModel.get("activeTable").asText()).isEqualTo(green);
        assertThat(readModel.get("previousTable").asText()).isEqualTo(blue);
        for (String group : List.of("catalog", "inventory", "customers", "sales")) {
            awaitCaughtUp(group);
        }

        assertThat(scanTable(green)).isEqualTo(scanTable(blue));

        HttpResponse<String> after = post("/api/films", ACADEMY_DINOSAUR.replace("ACADEMY DINOSAUR", "AFTER THE SWITCH"));
        JsonNode receipt = json.readTree(after.body());
        assertThat(getJson("/api/films/" + receipt.get("id").asInt() + "?minPosition=" + receipt.get("position").asLong())
                .get("title").asText()).isEqualTo("AFTER THE SWITCH");
        assertThat(scanTable(blue)).noneMatch(item -> item.get("PK").s().equals("FILM#" + receipt.get("id").asInt()));
        assertThat(admin("DELETE", "/admin/read-model/tables/" + green).statusCode()).isEqualTo(409);
        assertThat(admin("DELETE", "/admin/read-model/tables/" + blue).statusCode()).isEqualTo(204);
    }

    @Test
    @Order(11)
    void withRedisDownQueriesAnswerAndTheServiceSaysItIsDegradedUntilRedisReturns() throws Exception {
        platform.stack().stopRedis();
        try {
            assertThat(getJson("/api/films/1").get("title").asText()).isEqualTo("ACADEMY DINOSAUR");
            assertThat(getJson("/api/reports/sales-by-store").get("items")).hasSize(2);
            HttpResponse<String> health = get(platform.queryApi() + "/actuator/health");
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(json.readTree(health.body()).get("status").asText()).isEqualTo("DEGRADED");
        } finally {
            platform.stack().startRedis();
        }
        Thread.sleep(1_500); // the cache leaves Redis alone for a second after a failure
        getJson("/api/films/2");
        double hits = metric("pagila.cache.requests", "result:hit");
        getJson("/api/films/2");
        assertThat(metric("pagila.cache.requests", "result:hit")).isEqualTo(hits + 1);
        assertThat(json.readTree(get(platform.queryApi() + "/actuator/health").body()).get("status").asText()).isEqualTo("UP");
    }

    @Test
    @Order(12)
    void redeliveringEveryEventLeavesTheReadModelUnchanged() throws Exception {
        List<Map<String, AttributeValue>> before = scanFilmsTable();

        platform.stopQuerySide();
        try (Connection admin = platform.stack().adminDataSource().getConnection();
             Statement statement = admin.createStatement()) {
            statement.executeUpdate("DELETE FROM projections.token_entry"); // as if no token had ever been committed
        }
        platform.startQuerySide(); // returns once the query side has caught up again

        assertThat(scanFilmsTable()).isEqualTo(before);
        assertThat(metric("pagila.projection.events", "outcome:applied")).isZero();
        assertThat(metric("pagila.projection.events", "outcome:already-applied")).isEqualTo(projectedEventCount());
    }

    @Test
    @Order(13)
    void dataSurvivesARestartOfThePlatform() throws Exception {
        platform.close();
        platform = LocalPlatform.start(options, System.out::println);

        assertThat(getJson("/api/films/" + academyDinosaur).get("title").asText()).isEqualTo("ACADEMY DINOSAUR REMASTERED");
        HttpResponse<String> next = post("/api/films", ACADEMY_DINOSAUR.replace("ACADEMY DINOSAUR", "ACE GOLDFINGER"));
        assertThat(json.readTree(next.body()).get("id").asInt()).isGreaterThan(academyDinosaur);
    }

    @Test
    @Order(14)
    void theQueryApiAnswersWithPostgresStopped() throws Exception {
        platform.stack().stopPostgres();

        HttpResponse<String> read = get(platform.queryApi() + "/api/films/" + academyDinosaur);
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(json.readTree(read.body()).get("title").asText()).isEqualTo("ACADEMY DINOSAUR REMASTERED");
    }

    private void assertRefused(HttpResponse<String> response, String field) throws IOException {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = json.readTree(response.body());
        assertThat(problem.get("status").asInt()).isEqualTo(400);
        assertThat(problem.get("errors").findValuesAsText("field")).contains(field);
    }

    private long eventCount() throws SQLException {
        try (Connection admin = platform.stack().adminDataSource().getConnection();
             Statement statement = admin.createStatement()) {
            var result = statement.executeQuery("SELECT count(*) FROM events.domain_event_entry");
            result.next();
            return result.getLong(1);
        }
    }

    /** Every event a projection handles, once per processing group that handles it (rentals and returns twice). */
    private long projectedEventCount() throws SQLException {
        try (Connection admin = platform.stack().adminDataSource().getConnection();
             Statement statement = admin.createStatement()) {
            var result = statement.executeQuery("""
                    SELECT sum(CASE payload_type
                                 WHEN 'dev.pagila.kernel.catalog.LanguageRegisteredEvent' THEN 0
                                 WHEN 'dev.pagila.kernel.sales.FilmRentedEvent' THEN 2
                                 WHEN 'dev.pagila.kernel.sales.RentalReturnedEvent' THEN 2
                                 ELSE 1 END)
                    FROM events.domain_event_entry""");
            result.next();
            return result.getLong(1);
        }
    }

    private HttpResponse<String> admin(String method, String path) throws Exception {
        return admin(method, path, platform.adminToken());
    }

    private HttpResponse<String> admin(String method, String path, String token) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(platform.queryApi() + path))
                .header("Authorization", "Bearer " + token)
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode processor(String group) throws Exception {
        HttpResponse<String> response = admin("GET", "/admin/processors/" + group);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json.readTree(response.body());
    }

    private void awaitCaughtUp(String group) throws Exception {
        Instant deadline = Instant.now().plusSeconds(600);
        while (!processor(group).get("caughtUp").asBoolean()) {
            assertThat(Instant.now()).as(group + " did not catch up").isBefore(deadline);
            Thread.sleep(200);
        }
    }

    private List<Map<String, AttributeValue>> itemsOfTypes(String... types) throws Exception {
        List<String> wanted = List.of(types);
        return scanFilmsTable().stream().filter(item -> item.containsKey("type") && wanted.contains(item.get("type").s()))
                .toList();
    }

    private double metric(String name, String tag) throws Exception {
        JsonNode body = json.readTree(get(platform.queryApi() + "/actuator/metrics/" + name + (tag == null ? "" : "?tag=" + tag)).body());
        return body.get("measurements").get(0).get("value").asDouble();
    }

    private List<Integer> copiesInStock(int wanted) throws Exception {
        List<Integer> copies = new java.util.ArrayList<>();
        for (int copy = 1; copies.size() < wanted; copy++) {
            if (getJson("/api/inventory/" + copy).get("inStock").asBoolean()) {
                copies.add(copy);
            }
        }
        return copies;
    }

    private List<Map<String, AttributeValue>> scanFilmsTable() throws Exception {
        return scanTable(json.readTree(admin("GET", "/admin/read-model").body()).get("activeTable").asText());
    }

    private List<Map<String, AttributeValue>> scanTable(String table) {
        try (DynamoDbClient dynamoDb = DynamoDbClients.create(platform.stack().dynamoDbSettings())) {
            return dynamoDb.scanPaginator(request -> request.tableName(table).consistentRead(true))
                    .items().stream()
                    .sorted(Comparator.comparing(item -> item.get("PK").s() + "|" + item.get("SK").s()))
                    .toList();
        }
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(platform.commandApi() + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> put(String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(platform.commandApi() + path))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode getJson(String path) throws Exception {
        HttpResponse<String> response = get(platform.queryApi() + path);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json.readTree(response.body());
    }
}
