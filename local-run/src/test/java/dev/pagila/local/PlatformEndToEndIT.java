package dev.pagila.local;

import com.fasterxml.jackson.databind.JsonNode;
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

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
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

    private final PlatformDriver driver = new PlatformDriver(() -> this.platform);
    private LocalPlatform platform;
    private int academyDinosaur;

    @BeforeAll
    void startPlatform(@TempDir Path dataDirectory) throws IOException {
        platform = driver.start(dataDirectory, legacy -> {
        });
    }

    @AfterAll
    void stopPlatform() throws IOException {
        driver.stop();
    }

    @Test
    @Order(0)
    void theFirstStartImportsThePagilaSampleAndServesItsCatalogue() throws Exception {
        // start() returned only once the query side had projected the whole imported history
        assertThat(driver.eventCount()).isGreaterThanOrEqualTo(60_822);
        HttpResponse<String> film = driver.get(platform.queryApi() + "/api/films/1");
        assertThat(film.statusCode()).isEqualTo(200);
        assertThat(driver.json.readTree(film.body()).get("title").asText()).isEqualTo("ACADEMY DINOSAUR");
        assertThat(driver.json.readTree(film.body()).get("specialFeatures")).extracting(JsonNode::asText)
                .containsExactly("Deleted Scenes", "Behind the Scenes");
        JsonNode caughtUp = driver.getJson("/api/films/1");
        assertThat(caughtUp.get("cast").findValuesAsText("lastName")).hasSize(10).contains("GUINESS", "GABLE");
        assertThat(caughtUp.get("categories").findValuesAsText("name")).containsExactly("Documentary");
    }

    @Test
    @Order(1)
    void everyAnswerOfTheQueryApiMatchesTheLegacyPagilaViews() {
        // runs before any test writes, so the read model holds exactly the imported sample
        ParityReport report = ParityCheck.run(ParitySettings.of("jdbc:postgresql://localhost:" + driver.options().postgresPort() + "/"
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
        HttpResponse<String> created = driver.post("/api/films", PlatformDriver.ACADEMY_DINOSAUR);

        assertThat(created.statusCode()).isEqualTo(201);
        JsonNode receipt = driver.json.readTree(created.body());
        academyDinosaur = receipt.get("id").asInt();
        assertThat(academyDinosaur).isGreaterThan(1000); // new ids start above every Pagila id
        assertThat(created.headers().firstValue("Location")).hasValue("/api/films/" + academyDinosaur);

        JsonNode film = driver.getJson("/api/films/" + academyDinosaur + "?minPosition=" + receipt.get("position").asLong()
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
        HttpResponse<String> revised = driver.put("/api/films/" + academyDinosaur,
                PlatformDriver.ACADEMY_DINOSAUR.replace("\"ACADEMY DINOSAUR\"", "\"ACADEMY DINOSAUR REMASTERED\""));

        assertThat(revised.statusCode()).isEqualTo(200);
        long position = driver.json.readTree(revised.body()).get("position").asLong();
        JsonNode film = driver.getJson("/api/films/" + academyDinosaur + "?minPosition=" + position + "&maxWaitMillis=30000");
        assertThat(film.get("title").asText()).isEqualTo("ACADEMY DINOSAUR REMASTERED");
        assertThat(film.get("position").asLong()).isEqualTo(position);
    }

    @Test
    @Order(4)
    void badInputGets400NamingTheFieldAndAppendsNothing() throws Exception {
        long eventsBefore = driver.eventCount();

        assertRefused(driver.post("/api/films", PlatformDriver.ACADEMY_DINOSAUR.replace("\"title\": \"ACADEMY DINOSAUR\",", "")), "title");
        assertRefused(driver.post("/api/films", PlatformDriver.ACADEMY_DINOSAUR.replace("\"rentalRate\": 0.99", "\"rentalRate\": -0.99")),
                "rentalRate");
        assertRefused(driver.post("/api/films", PlatformDriver.ACADEMY_DINOSAUR.replace("\"rating\": \"PG\"", "\"rating\": \"X\"")), "rating");
        assertRefused(driver.post("/api/films", PlatformDriver.ACADEMY_DINOSAUR.replace("\"length\": 86", "\"length\": 8 6")), "length");
        assertRefused(driver.put("/api/films/" + academyDinosaur, PlatformDriver.ACADEMY_DINOSAUR.replace("\"title\": \"ACADEMY DINOSAUR\"",
                "\"title\": \"   \"")), "title");

        assertThat(driver.eventCount()).isEqualTo(eventsBefore);
    }

    @Test
    @Order(5)
    void unknownFilmsAre404OnBothApis() throws Exception {
        HttpResponse<String> revise = driver.put("/api/films/999999", PlatformDriver.ACADEMY_DINOSAUR);
        assertThat(revise.statusCode()).isEqualTo(404);
        assertThat(revise.headers().firstValue("Content-Type")).hasValue("application/problem+json");

        HttpResponse<String> read = driver.get(platform.queryApi() + "/api/films/999999");
        assertThat(read.statusCode()).isEqualTo(404);
        assertThat(driver.json.readTree(read.body()).get("status").asInt()).isEqualTo(404);
    }

    @Test
    @Order(6)
    void theQuerySidesRoleCanReadEventsButNeverWriteThem() throws Exception {
        try (Connection query = DriverManager.getConnection(driver.options().endpoints().jdbcUrl(), "pagila_query", "pagila_query");
             Statement statement = query.createStatement()) {
            assertThat(statement.executeQuery("SELECT count(*) FROM events.domain_event_entry").next()).isTrue();
            assertThatThrownBy(() -> statement.executeUpdate("DELETE FROM events.domain_event_entry"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("permission denied");
        }
    }

    @Test
    @Order(6)
    void theCommandSidesConnectionCommitsToDiskBeforeACommandIsAcknowledged() throws Exception {
        try (Connection command = DriverManager.getConnection(driver.options().endpoints().jdbcUrl(), "pagila_command",
                "pagila_command"); Statement statement = command.createStatement()) {
            for (String setting : List.of("synchronous_commit", "fsync")) {
                try (var value = statement.executeQuery("SHOW " + setting)) {
                    value.next();
                    assertThat(value.getString(1)).as(setting).isEqualTo("on");
                }
            }
        }
    }

    @Test
    @Order(7)
    void theAdminApiNeedsTheTokenAndShowsEveryProcessorCaughtUp() throws Exception {
        HttpResponse<String> anonymous = driver.get(platform.queryApi() + "/admin/processors");
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(driver.json.readTree(anonymous.body()).get("type").asText()).isEqualTo("urn:pagila:problem:unauthorized");
        assertThat(driver.admin("GET", "/admin/processors", "not-the-token").statusCode()).isEqualTo(401);
        assertThat(driver.get(platform.queryApi() + "/api/films/1").statusCode()).isEqualTo(200);

        for (String group : List.of("catalog", "inventory", "customers", "sales")) {
            driver.awaitCaughtUp(group); // the earlier tests' last events may still be on their way
        }
        JsonNode processors = driver.json.readTree(driver.admin("GET", "/admin/processors").body()).get("items");

        assertThat(processors.findValuesAsText("name")).containsExactly("catalog", "inventory", "customers", "sales");
        for (JsonNode processor : processors) {
            assertThat(processor.get("lagEvents").asLong()).as(processor.toString()).isZero();
            assertThat(processor.get("head").asLong()).isEqualTo(driver.eventCount());
            assertThat(processor.get("segments")).isNotEmpty();
            assertThat(processor.get("deadLetters").asInt()).isZero();
        }
        assertThat(driver.json.readTree(driver.get(platform.queryApi() + "/actuator/health").body()).at("/components/dynamoDb/status").asText())
                .isEqualTo("UP");
        assertThat(driver.metric("pagila.projection.lag.events", "group:sales")).isNotNegative(); // refreshed every 5 s
        assertThat(driver.metric("pagila.projection.rate", "group:sales")).isNotNegative();
        assertThat(driver.metric("pagila.cache.hit.ratio", null)).isBetween(0.0, 1.0);
        assertThat(driver.get(platform.commandApi() + "/actuator/metrics/pagila.command.latency").statusCode()).isEqualTo(200);
        assertThat(driver.json.readTree(driver.get(platform.commandApi() + "/actuator/health").body()).at("/components/db/status").asText())
                .isEqualTo("UP");
    }

    @Test
    @Order(11)
    void withRedisDownQueriesAnswerAndTheServiceSaysItIsDegradedUntilRedisReturns() throws Exception {
        platform.stack().stopRedis();
        try {
            assertThat(driver.getJson("/api/films/1").get("title").asText()).isEqualTo("ACADEMY DINOSAUR");
            assertThat(driver.getJson("/api/reports/sales-by-store").get("items")).hasSize(2);
            HttpResponse<String> health = driver.get(platform.queryApi() + "/actuator/health");
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(driver.json.readTree(health.body()).get("status").asText()).isEqualTo("DEGRADED");
        } finally {
            platform.stack().startRedis();
        }
        Thread.sleep(1_500); // the cache leaves Redis alone for a second after a failure
        driver.getJson("/api/films/2");
        double hits = driver.metric("pagila.cache.requests", "result:hit");
        driver.getJson("/api/films/2");
        assertThat(driver.metric("pagila.cache.requests", "result:hit")).isEqualTo(hits + 1);
        assertThat(driver.json.readTree(driver.get(platform.queryApi() + "/actuator/health").body()).get("status").asText()).isEqualTo("UP");
    }

    @Test
    @Order(13)
    void dataSurvivesARestartOfThePlatform() throws Exception {
        platform.close();
        platform = LocalPlatform.start(driver.options(), System.out::println);

        assertThat(driver.metric("pagila.projection.events", "outcome:applied")).as("the kept read model is not projected again").isZero();
        assertThat(driver.getJson("/api/films/" + academyDinosaur).get("title").asText()).isEqualTo("ACADEMY DINOSAUR REMASTERED");
        HttpResponse<String> next = driver.post("/api/films", PlatformDriver.ACADEMY_DINOSAUR.replace("ACADEMY DINOSAUR", "ACE GOLDFINGER"));
        assertThat(driver.json.readTree(next.body()).get("id").asInt()).isGreaterThan(academyDinosaur);
    }

    @Test
    @Order(14)
    void theQueryApiAnswersWithPostgresStopped() throws Exception {
        platform.stack().stopPostgres();

        HttpResponse<String> read = driver.get(platform.queryApi() + "/api/films/" + academyDinosaur);
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(driver.json.readTree(read.body()).get("title").asText()).isEqualTo("ACADEMY DINOSAUR REMASTERED");
    }

    private void assertRefused(HttpResponse<String> response, String field) throws IOException {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = driver.json.readTree(response.body());
        assertThat(problem.get("status").asInt()).isEqualTo(400);
        assertThat(problem.get("errors").findValuesAsText("field")).contains(field);
    }
}
