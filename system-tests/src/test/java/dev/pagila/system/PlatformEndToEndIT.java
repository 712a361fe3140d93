package dev.pagila.system;

import dev.pagila.cli.PagilaCli;
import dev.pagila.stack.LocalPlatform;
import dev.pagila.stack.LocalPlatformOptions;
import dev.pagila.stack.OperatorPassword;
import com.fasterxml.jackson.databind.JsonNode;
import dev.pagila.parity.ParityCheck;
import dev.pagila.parity.ParityReport;
import dev.pagila.parity.ParitySettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

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
    private int hugh;
    private static final String HUGH_FIRST_PASSWORD = "first-day-at-the-counter";
    private static final String HUGH_PASSWORD = "my-own-counter-secret";

    @BeforeAll
    void startPlatform(@TempDir Path dataDirectory) throws IOException {
        platform = driver.start(dataDirectory, legacy -> {
        }, LocalPlatformOptions::withFollowLegacy);
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

    /** The query side says it is up only once it answers at its warm speed: the hot answers are in Redis already. */
    @Test
    @Order(0)
    void whenTheQuerySideSaysItIsUpTheHotQuestionsAreAnsweredFromTheCache() throws Exception {
        double misses = driver.metric("pagila.cache.requests", "result:miss");

        driver.getJson("/api/films/7");
        driver.getJson("/api/films/7/in-stock?storeId=2");
        driver.getJson("/api/films?category=3");
        driver.getJson("/api/customers");
        driver.getJson("/api/customers/130/balance");
        driver.getJson("/api/reports/sales-by-store");

        assertThat(driver.metric("pagila.cache.requests", "result:miss")).isEqualTo(misses);
    }

    /** A public answer served from Redis before the stack carries the headers the whole stack writes. */
    @Test
    @Order(0)
    void aCachedPublicAnswerCarriesTheSameHeadersAsOneThroughTheWholeStack() throws Exception {
        for (String path : List.of("/api/films/1", "/api/films/1/in-stock?storeId=1")) {
            HttpResponse<String> fromTheCache = driver.get(platform.queryApi() + path);
            HttpResponse<String> throughTheStack = driver.http.send(HttpRequest.newBuilder(URI.create(platform.queryApi() + path))
                    .header("Cache-Control", "no-cache").GET().build(), HttpResponse.BodyHandlers.ofString());

            assertThat(fromTheCache.body()).isEqualTo(throughTheStack.body());
            assertThat(headersBut(fromTheCache, "date", "content-length", "transfer-encoding"))
                    .isEqualTo(headersBut(throughTheStack, "date", "content-length", "transfer-encoding"));
        }
    }

    private static Map<String, List<String>> headersBut(HttpResponse<String> response, String... left) {
        Map<String, List<String>> headers = new TreeMap<>(response.headers().map());
        List.of(left).forEach(headers::remove);
        return headers;
    }

    @Test
    @Order(1)
    void whileTheMonolithIsFollowedItsSqlChangesReachTheQueryApiAndCommandsAre409() throws Exception {
        int copy;
        int rental;
        int customer;
        int actor;
        try (Connection legacy = driver.legacy(); Statement sql = legacy.createStatement()) {
            sql.executeUpdate("UPDATE film SET rental_rate = 1.49 WHERE film_id = 2");
            copy = single(sql, """
                    SELECT min(i.inventory_id) FROM inventory i WHERE i.film_id = 2
                    AND NOT EXISTS (SELECT 1 FROM rental r WHERE r.inventory_id = i.inventory_id AND r.return_date IS NULL)""");
            rental = single(sql, "INSERT INTO rental (rental_date, inventory_id, customer_id, staff_id)"
                    + " VALUES ('2022-07-20 10:00:00+00', " + copy + ", 5, 1) RETURNING rental_id");
            sql.executeUpdate("UPDATE rental SET return_date = '2022-07-25 10:00:00+00' WHERE rental_id = " + rental);
            sql.executeUpdate("INSERT INTO payment (customer_id, staff_id, rental_id, amount, payment_date)"
                    + " VALUES (5, 1, " + rental + ", 1.49, '2022-07-25 10:00:00+00')");
            customer = single(sql, "INSERT INTO customer (store_id, first_name, last_name, email, address_id, activebool,"
                    + " create_date) VALUES (1, 'FOLLOWED', 'NEWCOMER', 'followed@example.com', 5, true, '2022-07-01')"
                    + " RETURNING customer_id");
            actor = single(sql, "SELECT min(actor_id) FROM actor WHERE actor_id NOT IN (SELECT actor_id FROM film_actor WHERE film_id = 2)");
            sql.executeUpdate("INSERT INTO film_actor (actor_id, film_id) VALUES (" + actor + ", 2)");
        }

        JsonNode film = awaitJson("/api/films/2", answer -> answer.get("rentalRate").decimalValue().compareTo(new java.math.BigDecimal("1.49")) == 0
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
    @Test
    @Order(1)
    void theConsoleShowsTheFollowerItsRateAndPausesAndResumesIt() throws Exception {
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

    @Test
    @Order(2)
    void atCutOverEveryAnswerOfTheQueryApiMatchesTheMonolithAndTheCommandApiOpens() throws Exception {
        HttpResponse<String> drained = driver.operatorCommand("POST", "/api/migration/drain", null);
        assertThat(drained.statusCode()).as(drained.body()).isEqualTo(200);
        platform.awaitReadModelCaughtUp(message -> { });
        Instant snapshotAt = Instant.parse(driver.json.readTree(driver.operatorCommand("GET", "/api/migration", null).body())
                .get("snapshotAt").asText());

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
                Map.entry("inventory", 4581L),
                Map.entry("actor_info", 200L),
                Map.entry("actor_info by id", 200L),
                Map.entry("films of actor", 200L),
                Map.entry("films of category", 16L),
                Map.entry("customer_list", 600L), // the sample's 599 and the one the monolith registered while followed
                Map.entry("staff_list", 2L),
                Map.entry("sales_by_store", 2L),
                Map.entry("sales_by_film_category", 16L),
                Map.entry("customer balance", 3 * 600L), // before, during and after the data
                Map.entry("rental history", 16045L),
                Map.entry("not found", 3L)));
        assertThat(report.rowsCompared("film_list filters")).isPositive();
        assertThat(report.rowsCompared("rewards")).isPositive();
        assertThat(report.format()).as("film 2's earlier rentals keep the rate they were made at")
                .contains("carry the rate they were made at");

        HttpResponse<String> cutOver = driver.operatorCommand("POST", "/api/migration/cut-over",
                "{\"checkedAtMarker\": \"" + driver.json.readTree(drained.body()).get("marker").asText() + "\"}");
        assertThat(cutOver.statusCode()).as(cutOver.body()).isEqualTo(200);
        HttpResponse<String> paid = driver.post("/api/payments", "{\"customerId\": 1, \"amount\": 1.00}");
        assertThat(paid.statusCode()).as(paid.body()).isEqualTo(201);
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

    @Test
    @Order(3)
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
    @Order(4)
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
    void aCallerWithoutATokenWaitsForAPositionAtMostASecondAndIsToldToRetry() throws Exception {
        String notYetWritten = platform.queryApi() + "/api/films/" + academyDinosaur + "?minPosition=" + (driver.lastPosition() + 1_000_000)
                + "&maxWaitMillis=30000";
        long started = System.nanoTime();
        HttpResponse<String> anonymous = driver.send("GET", notYetWritten, null, null);
        Duration waited = Duration.ofNanos(System.nanoTime() - started);

        assertThat(anonymous.statusCode()).isEqualTo(503);
        assertThat(anonymous.headers().firstValue("Retry-After")).isPresent();
        assertThat(waited).as("capped at 1 s whatever it asked for").isBetween(Duration.ofMillis(900), Duration.ofSeconds(5));
        started = System.nanoTime();
        HttpResponse<String> signedIn = driver.send("GET", notYetWritten.replace("maxWaitMillis=30000", "maxWaitMillis=2500"), null,
                driver.mike().authorization());
        assertThat(signedIn.statusCode()).isEqualTo(503);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("a signed-in caller waits as long as it asks")
                .isGreaterThanOrEqualTo(Duration.ofMillis(2400));
    }

    @Test
    @Order(5)
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
    @Order(6)
    void unknownFilmsAre404OnBothApis() throws Exception {
        HttpResponse<String> revise = driver.put("/api/films/999999", PlatformDriver.ACADEMY_DINOSAUR);
        assertThat(revise.statusCode()).isEqualTo(404);
        assertThat(revise.headers().firstValue("Content-Type")).hasValue("application/problem+json");

        HttpResponse<String> read = driver.get(platform.queryApi() + "/api/films/999999");
        assertThat(read.statusCode()).isEqualTo(404);
        assertThat(driver.json.readTree(read.body()).get("status").asInt()).isEqualTo(404);
    }

    @Test
    @Order(7)
    void theQuerySidesRoleCanReadEventsButNeverWriteThem() throws Exception {
        try (Connection query = DriverManager.getConnection(driver.options().endpoints().jdbcUrl(), "pagila_query", "pagila_query");
             Statement statement = query.createStatement()) {
            assertThat(statement.executeQuery("SELECT count(*) FROM events.domain_event_entry").next()).isTrue();
            assertThatThrownBy(() -> statement.executeUpdate("DELETE FROM events.domain_event_entry"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("permission denied");
        }
    }

    @Test
    @Order(7)
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
    @Order(8)
    void theAdminApiNeedsAnAdminAndShowsEveryProcessorCaughtUp() throws Exception {
        HttpResponse<String> anonymous = driver.get(platform.queryApi() + "/admin/processors");
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(driver.json.readTree(anonymous.body()).get("type").asText()).isEqualTo("urn:pagila:problem:unauthorized");
        assertThat(driver.send("GET", platform.queryApi() + "/admin/processors", null, "Bearer not-a-token").statusCode())
                .isEqualTo(401);
        HttpResponse<String> manager = driver.send("GET", platform.queryApi() + "/admin/processors", null, driver.mike().authorization());
        assertThat(manager.statusCode()).as("a store manager is not an operator").isEqualTo(403);
        assertThat(driver.json.readTree(manager.body()).get("type").asText()).isEqualTo("urn:pagila:problem:forbidden");
        assertThat(driver.get(platform.queryApi() + "/api/films/1").statusCode()).isEqualTo(200);

        for (String group : List.of("catalog", "inventory", "customers", "sales", "accounts")) {
            driver.awaitCaughtUp(group); // the earlier tests' last events may still be on their way
        }
        JsonNode processors = driver.json.readTree(driver.admin("GET", "/admin/processors").body()).get("items");

        assertThat(processors.findValuesAsText("name")).containsExactly("catalog", "inventory", "customers", "sales", "accounts");
        for (JsonNode processor : processors) {
            assertThat(processor.get("lagEvents").asLong()).as(processor.toString()).isZero();
            assertThat(processor.get("head").asLong()).isEqualTo(driver.eventCount());
            assertThat(processor.get("segments")).isNotEmpty();
            assertThat(processor.get("deadLetters").asInt()).isZero();
        }
        assertThat(driver.json.readTree(driver.send("GET", platform.queryApi() + "/actuator/health", null,
                platform.operator().authorization()).body()).at("/components/dynamoDb/status").asText()).isEqualTo("UP");
        Instant lagDeadline = Instant.now().plusSeconds(15); // the lag gauge is refreshed every 5 s
        while (driver.metric("pagila.projection.lag.events", "group:sales") != 0) {
            assertThat(Instant.now()).as("the lag gauge reaches 0 once sales has caught up").isBefore(lagDeadline);
            Thread.sleep(500);
        }
        driver.getJson("/api/films/3");
        driver.getJson("/api/films/3");
        assertThat(driver.metric("pagila.cache.hit.ratio", null)).as("the second read was a hit").isPositive();
        assertThat(driver.get(platform.commandApi() + "/actuator/metrics/pagila.command.latency").statusCode()).isEqualTo(401);
        assertThat(driver.send("GET", platform.commandApi() + "/actuator/metrics/pagila.command.latency", null,
                platform.operator().authorization()).statusCode()).isEqualTo(200);
        assertThat(driver.json.readTree(driver.send("GET", platform.commandApi() + "/actuator/health", null,
                platform.operator().authorization()).body()).at("/components/db/status").asText()).isEqualTo("UP");
        for (String api : List.of(platform.queryApi(), platform.commandApi())) {
            JsonNode unsigned = driver.json.readTree(driver.get(api + "/actuator/health").body());
            assertThat(unsigned.get("status").asText()).isEqualTo("UP");
            assertThat(unsigned.has("components")).as("an anonymous caller learns only whether it is up").isFalse();
            JsonNode staff = driver.json.readTree(driver.send("GET", api + "/actuator/health", null, driver.mike().authorization()).body());
            assertThat(staff.has("components")).as("nor does staff").isFalse();
        }
    }

    /**
     * Who may call what, written down once more beside the apps' security rules: every endpoint in either OpenAPI
     * document must match one of these (a new endpoint without a rule here fails), needs a token, and answers 403 to
     * a token of any role that is not enough. The first matching rule wins.
     */
    private static final List<Map.Entry<Pattern, String>> ROLES = List.of(
            Map.entry(Pattern.compile("command (GET|POST|PUT|DELETE) /(actuator|api/migration|api/accounts|api/signing-keys)(/.*)?"), "ADMIN"),
            Map.entry(Pattern.compile("command PUT /api/staff/\\{staffId}/password"), "SIGNED_IN"),
            Map.entry(Pattern.compile("command POST /api/(rentals|rentals/\\{rentalId}/return|payments)"), "STAFF"),
            Map.entry(Pattern.compile("command (GET|POST|PUT|DELETE) /api/customers(/.*)?"), "STAFF"),
            Map.entry(Pattern.compile("command (GET|POST|PUT|DELETE) /api/.*"), "MANAGER"),
            Map.entry(Pattern.compile("query (GET|POST|PUT|DELETE) /(admin|actuator)(/.*)?"), "ADMIN"),
            Map.entry(Pattern.compile("query GET /api/(customers|staff|reports|inventory)(/.*)?"), "STAFF"));

    /** Anyone may read the film catalogue; everything else needs a token and the right role, whichever endpoint a change adds. */
    @Test
    @Order(9)
    void everyEndpointButThePublicCatalogueAndSignInRefusesARequestWithoutATokenOrWithTooSmallARole() throws Exception {
        Pattern publicQueries = Pattern.compile("GET /api/(films|actors|categories)(/.*)?");
        Set<String> publicCommands = Set.of("POST /api/auth/token", "GET /oauth2/jwks");
        RSAKey platformKey = platformKey();
        Map<String, String> tokenOf = Map.of(
                "clerk", "Bearer " + signed(platformKey, platformKey.getKeyID(), claims(Instant.now()).claim("roles", List.of("STAFF"))),
                "manager", driver.mike().authorization(),
                "operator", platform.operator().authorization());
        Map<String, List<String>> refusedRoles = Map.of("ADMIN", List.of("clerk", "manager"), "MANAGER", List.of("clerk", "operator"),
                "STAFF", List.of("operator"), "SIGNED_IN", List.of());
        List<String> protectedEndpoints = new ArrayList<>();
        for (String api : List.of(platform.commandApi(), platform.queryApi())) {
            String side = api.equals(platform.commandApi()) ? "command" : "query";
            JsonNode document = driver.json.readTree(driver.get(api + "/v3/api-docs").body());
            assertThat(document.at("/components/securitySchemes/bearer/scheme").asText()).as("the bearer scheme, for Swagger UI")
                    .isEqualTo("bearer");
            JsonNode paths = document.get("paths");
            for (Map.Entry<String, JsonNode> path : paths.properties()) {
                for (String method : (Iterable<String>) () -> path.getValue().fieldNames()) {
                    String endpoint = method.toUpperCase(Locale.ROOT) + " " + path.getKey();
                    if (publicCommands.contains(endpoint) || (side.equals("query") && publicQueries.matcher(endpoint).matches())) {
                        continue;
                    }
                    String url = api + path.getKey().replaceAll("\\{[^}]+}", "1");
                    String body = method.equals("get") || method.equals("delete") ? null : "{}";
                    HttpResponse<String> anonymous = driver.send(method.toUpperCase(Locale.ROOT), url, body, null);
                    assertThat(anonymous.statusCode()).as(endpoint + " on " + api).isEqualTo(401);
                    assertThat(anonymous.headers().firstValue("Content-Type")).as(endpoint).hasValue("application/problem+json");
                    assertThat(driver.json.readTree(anonymous.body()).get("type").asText()).isEqualTo("urn:pagila:problem:unauthorized");
                    String role = ROLES.stream().filter(rule -> rule.getKey().matcher(side + " " + endpoint).matches())
                            .map(Map.Entry::getValue).findFirst()
                            .orElseThrow(() -> new AssertionError("no role is written down for " + side + " " + endpoint));
                    for (String tooSmall : refusedRoles.get(role)) {
                        HttpResponse<String> refused = driver.send(method.toUpperCase(Locale.ROOT), url, body, tokenOf.get(tooSmall));
                        assertThat(refused.statusCode()).as(side + " " + endpoint + " needs " + role + ", called by a " + tooSmall)
                                .isEqualTo(403);
                        assertThat(driver.json.readTree(refused.body()).get("type").asText()).isEqualTo("urn:pagila:problem:forbidden");
                    }
                    protectedEndpoints.add(endpoint);
                }
            }
        }
        assertThat(protectedEndpoints).contains("POST /api/rentals", "POST /api/films", "PUT /api/films/{filmId}/pricing",
                "GET /api/customers", "GET /api/customers/{customerId}/balance", "GET /api/staff",
                "GET /api/reports/sales-by-store", "GET /api/inventory/{copyId}", "GET /admin/processors",
                "POST /admin/read-model/rebuild", "POST /api/signing-keys", "DELETE /api/accounts/{username}/lock");
        assertThat(driver.get(platform.queryApi() + "/api/films?rating=PG").statusCode()).isEqualTo(200);
        assertThat(driver.get(platform.queryApi() + "/api/actors/1").statusCode()).isEqualTo(200);
    }

    @Test
    @Order(9)
    void aHiredClerkSignsInOnceAPasswordIsSetAndMayServeCustomersButNotRunTheCatalogue() throws Exception {
        HttpResponse<String> hired = driver.post("/api/staff", """
                {"firstName": "Hugh", "lastName": "Counter", "storeId": 1, "username": "Hugh", "email": "hugh@example.com",
                 "address": {"address": "1 High Street", "city": "Woodridge", "country": "Australia"}}""");
        assertThat(hired.statusCode()).as(hired.body()).isEqualTo(201);
        hugh = driver.json.readTree(hired.body()).get("id").asInt();
        assertThat(signIn("Hugh", HUGH_FIRST_PASSWORD).statusCode()).as("no password set yet").isEqualTo(401);
        assertThat(driver.put("/api/staff/" + hugh + "/password", "{\"password\": \"" + HUGH_FIRST_PASSWORD + "\"}")
                .statusCode()).isEqualTo(204);

        HttpResponse<String> signedIn = signIn("Hugh", HUGH_FIRST_PASSWORD);
        assertThat(signedIn.statusCode()).isEqualTo(200);
        assertThat(driver.json.readTree(signedIn.body()).get("roles")).extracting(JsonNode::asText).containsExactly("STAFF");
        String clerk = bearer(signedIn);
        HttpResponse<String> film = driver.send("POST", platform.commandApi() + "/api/films", PlatformDriver.ACADEMY_DINOSAUR, clerk);
        assertThat(film.statusCode()).as("the catalogue is a manager's").isEqualTo(403);
        assertThat(driver.json.readTree(film.body()).get("type").asText()).isEqualTo("urn:pagila:problem:forbidden");
        assertThat(driver.send("GET", platform.queryApi() + "/api/customers/1", null, clerk).statusCode()).isEqualTo(200);
        assertThat(driver.send("PUT", platform.commandApi() + "/api/staff/1/password", "{\"password\": \"mine-now-12345\"}", clerk)
                .statusCode()).as("a clerk sets only their own password").isEqualTo(403);
        assertThat(driver.send("GET", platform.queryApi() + "/admin/processors", null, clerk).statusCode()).isEqualTo(403);
        HttpResponse<String> operatorFilm = driver.send("POST", platform.commandApi() + "/api/films", PlatformDriver.ACADEMY_DINOSAUR,
                platform.operator().authorization());
        assertThat(operatorFilm.statusCode()).as("the operations account runs no shop").isEqualTo(403);

        assertThat(driver.send("PUT", platform.commandApi() + "/api/staff/" + hugh + "/password",
                "{\"password\": \"" + HUGH_PASSWORD + "\"}", clerk).statusCode()).as("one's own, without the current one").isEqualTo(400);
        assertThat(driver.send("PUT", platform.commandApi() + "/api/staff/" + hugh + "/password",
                "{\"password\": \"" + HUGH_PASSWORD + "\", \"currentPassword\": \"" + HUGH_FIRST_PASSWORD + "\"}", clerk)
                .statusCode()).isEqualTo(204);
        assertThat(signIn("Hugh", HUGH_FIRST_PASSWORD).statusCode()).as("the old password").isEqualTo(401);
        assertThat(signIn("Hugh", HUGH_PASSWORD).statusCode()).isEqualTo(200);
    }

    @Test
    @Order(10)
    void aClerkRentsInTheirOwnNameOnlyAndTheEventsSayWhoSignedIn() throws Exception {
        String clerk = bearer(signIn("Hugh", HUGH_PASSWORD));
        int copy = driver.copiesInStock(1).get(0);
        long eventsBefore = driver.eventCount();
        long lastBefore = driver.lastPosition();

        HttpResponse<String> asMike = driver.send("POST", platform.commandApi() + "/api/rentals",
                "{\"inventoryId\": " + copy + ", \"customerId\": 1, \"staffId\": 1}", clerk);
        assertThat(asMike.statusCode()).isEqualTo(403);
        assertThat(driver.json.readTree(asMike.body()).get("errors").findValuesAsText("field")).containsExactly("staffId");
        assertThat(driver.eventCount()).isEqualTo(eventsBefore);

        HttpResponse<String> rented = driver.send("POST", platform.commandApi() + "/api/rentals",
                "{\"inventoryId\": " + copy + ", \"customerId\": 1}", clerk);
        assertThat(rented.statusCode()).as(rented.body()).isEqualTo(201);
        int rental = driver.json.readTree(rented.body()).get("rentalId").asInt();
        HttpResponse<String> returned = driver.send("POST", platform.commandApi() + "/api/rentals/" + rental + "/return", null, clerk);
        assertThat(returned.statusCode()).isEqualTo(200);
        try (Connection admin = platform.stack().adminDataSource().getConnection();
             Statement statement = admin.createStatement();
             var events = statement.executeQuery("SELECT payload_type, convert_from(payload, 'UTF8'), convert_from(meta_data, 'UTF8')"
                     + " FROM events.domain_event_entry WHERE global_index > " + lastBefore + " ORDER BY global_index")) {
            assertThat(events.next()).isTrue();
            assertThat(events.getString(1)).endsWith("FilmRentedEvent");
            assertThat(driver.json.readTree(events.getString(2)).get("staffId").asInt()).isEqualTo(hugh);
            assertThat(driver.json.readTree(events.getString(3)).get("signed_in_as").asText()).isEqualTo("Hugh");
            assertThat(events.next()).isTrue();
            assertThat(events.getString(1)).endsWith("RentalReturnedEvent");
            assertThat(driver.json.readTree(events.getString(3)).get("signed_in_as").asText()).isEqualTo("Hugh");
        }
    }

    @Test
    @Order(11)
    void bothAppsRefuseExpiredTamperedForeignAndIncompleteTokensWithoutEverSeeingAPassword() throws Exception {
        String customers = platform.queryApi() + "/api/customers/1";
        RSAKey platformKey = platformKey();
        Instant now = Instant.now();
        assertThat(driver.send("GET", customers, null, "Bearer " + token(platformKey, now.minusSeconds(60))).statusCode())
                .as("the platform's own key, the right claims: the control").isEqualTo(200);

        HttpResponse<String> expired = driver.send("GET", customers, null, "Bearer " + token(platformKey, now.minusSeconds(7200)));
        assertThat(expired.statusCode()).as("expired").isEqualTo(401);
        assertThat(driver.json.readTree(expired.body()).get("type").asText()).isEqualTo("urn:pagila:problem:unauthorized");
        assertThat(expired.headers().firstValue("WWW-Authenticate").orElse("")).contains("invalid_token");

        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair foreign = generator.generateKeyPair();
        RSAKey impostor = new RSAKey.Builder((RSAPublicKey) foreign.getPublic()).privateKey(foreign.getPrivate())
                .keyID(platformKey.getKeyID()).build();
        assertThat(driver.send("GET", customers, null, "Bearer " + token(impostor, now.minusSeconds(60))).statusCode())
                .as("signed with another key under the platform's key id").isEqualTo(401);

        String[] parts = driver.mike().authorization().substring("Bearer ".length()).split("\\.");
        String claims = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace("\"MANAGER\"", "\"MANAGER\",\"ADMIN\"");
        String tampered = parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(claims.getBytes(StandardCharsets.UTF_8))
                + "." + parts[2];
        assertThat(driver.send("GET", platform.queryApi() + "/admin/processors", null, "Bearer " + tampered).statusCode())
                .as("a manager's token given the admin role").isEqualTo(401);

        Instant issued = now.minusSeconds(60);
        Map<String, String> refused = new java.util.LinkedHashMap<>();
        refused.put("without exp", signed(platformKey, platformKey.getKeyID(), claims(issued).expirationTime(null)));
        refused.put("without iat", signed(platformKey, platformKey.getKeyID(), claims(issued).issueTime(null)));
        refused.put("without kid", signed(platformKey, null, claims(issued)));
        refused.put("another audience", signed(platformKey, platformKey.getKeyID(), claims(issued).audience("elsewhere")));
        refused.put("another issuer", signed(platformKey, platformKey.getKeyID(), claims(issued).issuer("https://issuer.example")));
        refused.put("expired beyond the 30 s skew", signed(platformKey, platformKey.getKeyID(),
                claims(issued).expirationTime(Date.from(now.minusSeconds(40)))));
        refused.put("alg none", new PlainJWT(claims(issued).build()).serialize());
        SignedJWT macWithPublicKey = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(platformKey.getKeyID()).build(),
                claims(issued).build());
        macWithPublicKey.sign(new MACSigner(platformKey.toPublicKey().getEncoded()));
        refused.put("HS256 with the public key as secret", macWithPublicKey.serialize());
        for (Map.Entry<String, String> token : refused.entrySet()) {
            assertThat(driver.send("GET", customers, null, "Bearer " + token.getValue()).statusCode())
                    .as("query side: " + token.getKey()).isEqualTo(401);
            assertThat(driver.send("GET", platform.commandApi() + "/actuator/metrics", null, "Bearer " + token.getValue()).statusCode())
                    .as("command side: " + token.getKey()).isEqualTo(401);
        }
        assertThat(driver.send("GET", platform.commandApi() + "/actuator/metrics", null, "Bearer " + token(platformKey, issued))
                .statusCode()).as("the control on the command side: a manager, not an admin").isEqualTo(403);
    }

    @Test
    @Order(11)
    void noPasswordNorHashIsInTheEventsTheLogsOrAnyAnswer() throws Exception {
        List<String> secrets = List.of(HUGH_FIRST_PASSWORD, HUGH_PASSWORD, "8cb2237d0679ca88db6464eac60da96345513964", "{bcrypt}", "$2a$");
        try (Connection admin = platform.stack().adminDataSource().getConnection();
             Statement statement = admin.createStatement();
             var events = statement.executeQuery("SELECT convert_from(payload, 'UTF8') || coalesce(convert_from(meta_data, 'UTF8'), '')"
                     + " FROM events.domain_event_entry WHERE payload_type LIKE '%Staff%' OR global_index > 60000")) {
            while (events.next()) {
                String event = events.getString(1);
                assertThat(secrets).noneMatch(event::contains);
            }
        }
        try (var logs = Files.list(driver.options().dataDirectory().resolve("logs"))) {
            for (Path log : logs.toList()) {
                String text = Files.readString(log);
                assertThat(secrets).as(log.toString()).noneMatch(text::contains);
            }
        }
        String staffList = driver.json.writeValueAsString(driver.getJson("/api/staff"));
        assertThat(staffList).contains("Mike").doesNotContain("password");
        assertThat(secrets).noneMatch(staffList::contains);
        HttpResponse<String> refused = signIn("Hugh", "not-his-password");
        HttpResponse<String> unknown = signIn("Nobody", "not-his-password");
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.body()).as("an unknown user and a wrong password answer alike").isEqualTo(unknown.body());
    }

    /** The key the command side signs with now, read from its database as only its own role could. */
    private RSAKey platformKey() throws Exception {
        try (Connection admin = platform.stack().adminDataSource().getConnection();
             Statement statement = admin.createStatement();
             var key = statement.executeQuery("SELECT key_id, private_key, public_key FROM identity.signing_key"
                     + " WHERE activated_at IS NOT NULL AND retire_after IS NULL")) {
            assertThat(key.next()).isTrue();
            KeyFactory rsa = KeyFactory.getInstance("RSA");
            return new RSAKey.Builder((RSAPublicKey) rsa.generatePublic(new X509EncodedKeySpec(key.getBytes(3))))
                    .privateKey((RSAPrivateKey) rsa.generatePrivate(new PKCS8EncodedKeySpec(key.getBytes(2))))
                    .keyID(key.getString(1)).build();
        }
    }

    private HttpResponse<String> signIn(String username, String password) throws Exception {
        return driver.send("POST", platform.commandApi() + "/api/auth/token",
                "{\"username\": \"" + username + "\", \"password\": \"" + password + "\"}", null);
    }

    private String bearer(HttpResponse<String> signedIn) throws IOException {
        assertThat(signedIn.statusCode()).as(signedIn.body()).isEqualTo(200);
        return "Bearer " + driver.json.readTree(signedIn.body()).get("access_token").asText();
    }

    /** A staff token for Mike as the command side would mint it, issued at {@code issuedAt}, signed with {@code key}. */
    private String token(RSAKey key, Instant issuedAt) throws Exception {
        return signed(key, key.getKeyID(), claims(issuedAt));
    }

    /** Mike's claims as the command side issues them, for 15 minutes from {@code issuedAt}. */
    private JWTClaimsSet.Builder claims(Instant issuedAt) {
        return new JWTClaimsSet.Builder().issuer(platform.commandApi()).audience("pagila").subject("Mike")
                .issueTime(Date.from(issuedAt)).expirationTime(Date.from(issuedAt.plusSeconds(900)))
                .claim("roles", List.of("STAFF", "MANAGER")).claim("staff_id", 1).claim("store_id", 1);
    }

    private static String signed(RSAKey key, String keyId, JWTClaimsSet.Builder claims) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(keyId).build(), claims.build());
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    @Test
    @Order(12)
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
    @Order(14)
    void dataSurvivesARestartOfThePlatform() throws Exception {
        platform.close();
        platform = LocalPlatform.start(driver.options(), System.out::println);

        assertThat(driver.metric("pagila.projection.events", "outcome:applied")).as("the kept read model is not projected again").isZero();
        assertThat(driver.getJson("/api/films/" + academyDinosaur).get("title").asText()).isEqualTo("ACADEMY DINOSAUR REMASTERED");
        HttpResponse<String> next = driver.post("/api/films", PlatformDriver.ACADEMY_DINOSAUR.replace("ACADEMY DINOSAUR", "ACE GOLDFINGER"));
        assertThat(driver.json.readTree(next.body()).get("id").asInt()).isGreaterThan(academyDinosaur);
    }

    @Test
    @Order(15)
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
