package dev.pagila.system;

import dev.pagila.stack.LocalPlatform;
import dev.pagila.stack.LocalPlatformOptions;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pagila.infra.dynamodb.DynamoDbClients;
import dev.pagila.stack.Directories;
import dev.pagila.stack.Ports;
import dev.pagila.client.ApiSession;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import javax.sql.DataSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/** Starts a local platform and drives it through its REST APIs, its stores and its admin API, for the system tests. */
final class PlatformDriver implements AutoCloseable {

    static final String ACADEMY_DINOSAUR = """
            {"title": "ACADEMY DINOSAUR",
             "description": "A Epic Drama of a Feminist And a Mad Scientist who must Battle a Teacher in The Canadian Rockies",
             "releaseYear": 2006, "languageId": 1, "rentalDuration": 6, "rentalRate": 0.99, "length": 86,
             "replacementCost": 20.99, "rating": "PG", "specialFeatures": ["Deleted Scenes", "Behind the Scenes"]}""";

    /**
     * Pagila cut down to its first 2,000 rentals of its first 1,500 copies, every film, actor, category and customer
     * kept: every view has rows to answer, the history is big enough to kill a replay in the middle of and small
     * enough to rebuild several times.
     */
    static final Consumer<DataSource> FIRST_RENTALS_ONLY = legacy -> {
        try (Connection connection = legacy.getConnection(); Statement statement = connection.createStatement()) {
            statement.executeUpdate("DELETE FROM payment WHERE rental_id IN "
                    + "(SELECT rental_id FROM rental WHERE rental_id > 2000 OR inventory_id > 1500)");
            statement.executeUpdate("DELETE FROM rental WHERE rental_id > 2000 OR inventory_id > 1500");
            statement.executeUpdate("DELETE FROM inventory WHERE inventory_id > 1500");
        } catch (SQLException e) {
            throw new IllegalStateException("cutting the legacy database down failed: " + e.getMessage(), e);
        }
    };

    final HttpClient http = HttpClient.newHttpClient();
    final ObjectMapper json = new ObjectMapper();
    private final Path dataDirectory;
    private final LocalPlatformOptions options;
    private LocalPlatform platform;
    private ApiSession mike;

    private PlatformDriver(Path dataDirectory, LocalPlatformOptions options) {
        this.dataDirectory = dataDirectory;
        this.options = options;
    }

    /**
     * Starts a platform on free ports with its read model on disk (as {@code ./run-local} keeps it), in a directory of
     * its own, memory-backed where the machine has one (so that DynamoDB Local's fsync per request costs nothing).
     *
     * @param prepareLegacy runs on the legacy database before the sample is imported from it
     * @param shape what differs from the platform {@code ./run-local} starts (a live migration, no warm-up)
     */
    static PlatformDriver start(Consumer<DataSource> prepareLegacy, UnaryOperator<LocalPlatformOptions> shape) throws IOException {
        Path shm = Path.of("/dev/shm");
        Path directory = Files.isDirectory(shm) && Files.isWritable(shm)
                ? Files.createTempDirectory(shm, "pagila-system-") : Files.createTempDirectory("pagila-system-");
        LocalPlatformOptions options = shape.apply(LocalPlatformOptions.defaults(Path.of("..").toAbsolutePath().normalize())
                .withDataDirectory(directory)
                .withPorts(Ports.anyFree(), Ports.anyFree(), Ports.anyFree(), Ports.anyFree(), Ports.anyFree()));
        PlatformDriver driver = new PlatformDriver(directory, options);
        try {
            driver.platform = LocalPlatform.start(options, System.out::println, prepareLegacy);
        } catch (RuntimeException e) {
            driver.close();
            throw e;
        }
        return driver;
    }

    LocalPlatform platform() {
        return platform;
    }

    LocalPlatformOptions options() {
        return options;
    }

    /** Stops every process of the platform and starts it again on the data it kept. */
    void restart() {
        platform.close();
        platform = null;
        platform = LocalPlatform.start(options, System.out::println);
    }

    /** Stops the platform and deletes its data. */
    @Override
    public void close() throws IOException {
        if (platform != null) {
            platform.close();
            platform = null;
        }
        Directories.delete(dataDirectory);
    }

    long eventCount() throws SQLException {
        return number("SELECT count(*) FROM events.domain_event_entry");
    }

    long lastPosition() throws SQLException {
        return number("SELECT max(global_index) FROM events.domain_event_entry");
    }

    /** Every event a projection handles, once per processing group that handles it (a rental in three, a payment in two). */
    long projectedEventCount() throws SQLException {
        return number("""
                SELECT sum(CASE payload_type
                             WHEN 'dev.pagila.kernel.catalog.LanguageRegisteredEvent' THEN 0
                             WHEN 'dev.pagila.kernel.sales.FilmRentedEvent' THEN 3
                             WHEN 'dev.pagila.kernel.sales.RentalReturnedEvent' THEN 3
                             WHEN 'dev.pagila.kernel.sales.PaymentTakenEvent' THEN 2
                             WHEN 'dev.pagila.kernel.customers.CustomerRegisteredEvent' THEN 2
                             ELSE 1 END)
                FROM events.domain_event_entry""");
    }

    /** A one-number answer from the platform's PostgreSQL, as its administrator. */
    private long number(String sql) throws SQLException {
        try (Connection admin = platform.stack().adminDataSource().getConnection();
             Statement statement = admin.createStatement();
             var result = statement.executeQuery(sql)) {
            result.next();
            return result.getLong(1);
        }
    }

    /** Pagila's store-1 manager, signed in as the README's tour does. */
    ApiSession mike() {
        if (mike == null) {
            mike = new ApiSession(platform.commandApi(), ApiSession.SAMPLE_STAFF, ApiSession.SAMPLE_PASSWORD);
        }
        return mike;
    }

    /** The operations account at the command API (the live migration's endpoints). */
    HttpResponse<String> operatorCommand(String method, String path, String body) throws Exception {
        return send(method, platform.commandApi() + path, body, platform.operator().authorization());
    }

    /** The monolith's database, as its administrator: what a user does with psql. */
    Connection legacy() throws SQLException {
        return java.sql.DriverManager.getConnection("jdbc:postgresql://localhost:" + options.postgresPort() + "/"
                + LocalPlatform.LEGACY_DATABASE, "postgres", "");
    }

    HttpResponse<String> admin(String method, String path) throws Exception {
        return send(method, platform.queryApi() + path, null, platform.operator().authorization());
    }

    /** Any request, with the given {@code Authorization} header (none if null) and JSON body (none if null). */
    HttpResponse<String> send(String method, String url, String body, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A GET or any bodiless request carrying {@code cookie}, as a browser would send it. */
    HttpResponse<String> sendWithCookie(String method, String url, String cookie) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).method(method, HttpRequest.BodyPublishers.noBody())
                .header("Cookie", cookie).build(), HttpResponse.BodyHandlers.ofString());
    }

    JsonNode processor(String group) throws Exception {
        HttpResponse<String> response = admin("GET", "/admin/processors/" + group);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json.readTree(response.body());
    }

    void awaitCaughtUp(String group) throws Exception {
        Instant deadline = Instant.now().plusSeconds(600);
        while (!processor(group).get("caughtUp").asBoolean()) {
            assertThat(Instant.now()).as(group + " did not catch up").isBefore(deadline);
            Thread.sleep(200);
        }
    }

    /** Waits until every projection has applied every event stored so far: a scan taken then is complete. */
    void awaitEveryGroupCaughtUp() throws Exception {
        for (String group : List.of("catalog", "inventory", "customers", "sales", "accounts")) {
            awaitCaughtUp(group);
        }
    }

    List<Map<String, AttributeValue>> itemsOfTypes(String... types) throws Exception {
        List<String> wanted = List.of(types);
        return scanFilmsTable().stream().filter(item -> item.containsKey("type") && wanted.contains(item.get("type").s()))
                .toList();
    }

    double metric(String name, String tag) throws Exception {
        JsonNode body = json.readTree(send("GET", platform.queryApi() + "/actuator/metrics/" + name
                + (tag == null ? "" : "?tag=" + tag), null, platform.operator().authorization()).body());
        return body.get("measurements").get(0).get("value").asDouble();
    }

    List<Integer> copiesInStock(int wanted) throws Exception {
        List<Integer> copies = new ArrayList<>();
        for (int copy = 1; copies.size() < wanted; copy++) {
            if (getJson("/api/inventory/" + copy).get("inStock").asBoolean()) {
                copies.add(copy);
            }
        }
        return copies;
    }

    /** Asserts two scans hold the same items, naming only those that differ: a whole table does not fit a message. */
    static void assertSameItems(List<Map<String, AttributeValue>> actual, List<Map<String, AttributeValue>> expected) {
        Map<String, Map<String, AttributeValue>> expectedByKey = byKey(expected);
        Map<String, Map<String, AttributeValue>> actualByKey = byKey(actual);
        List<String> differences = new ArrayList<>();
        for (var item : expectedByKey.entrySet()) {
            Map<String, AttributeValue> found = actualByKey.get(item.getKey());
            if (found == null) {
                differences.add("missing " + item.getValue());
            } else if (!found.equals(item.getValue())) {
                differences.add("expected " + item.getValue() + "\n   but was " + found);
            }
        }
        actualByKey.keySet().stream().filter(key -> !expectedByKey.containsKey(key))
                .forEach(key -> differences.add("unexpected " + actualByKey.get(key)));
        assertThat(differences).as("%d of %d items differ, the first: %s", differences.size(), expected.size(),
                String.join("\n", differences.subList(0, Math.min(10, differences.size())))).isEmpty();
    }

    private static Map<String, Map<String, AttributeValue>> byKey(List<Map<String, AttributeValue>> items) {
        Map<String, Map<String, AttributeValue>> byKey = new java.util.TreeMap<>();
        items.forEach(item -> byKey.put(item.get("PK").s() + "|" + item.get("SK").s(), item));
        return byKey;
    }

    List<Map<String, AttributeValue>> scanFilmsTable() throws Exception {
        return scanTable(json.readTree(admin("GET", "/admin/read-model").body()).get("activeTable").asText());
    }

    List<Map<String, AttributeValue>> scanTable(String table) {
        try (DynamoDbClient dynamoDb = DynamoDbClients.create(platform.stack().dynamoDbSettings())) {
            return dynamoDb.scanPaginator(request -> request.tableName(table).consistentRead(true))
                    .items().stream()
                    .sorted(Comparator.comparing(item -> item.get("PK").s() + "|" + item.get("SK").s()))
                    .toList();
        }
    }

    /** A command as Mike, a manager. */
    HttpResponse<String> post(String path, String body) throws Exception {
        return send("POST", platform.commandApi() + path, body, mike().authorization());
    }

    /** Registers a film like Academy Dinosaur under {@code title}; answers the receipt (its id and position). */
    JsonNode registerFilm(String title) throws Exception {
        HttpResponse<String> created = post("/api/films", ACADEMY_DINOSAUR.replace("\"ACADEMY DINOSAUR\"", "\"" + title + "\""));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return json.readTree(created.body());
    }

    HttpResponse<String> put(String path, String body) throws Exception {
        return send("PUT", platform.commandApi() + path, body, mike().authorization());
    }

    HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A query as Mike, who may read customer data and reports as well as the catalogue. */
    JsonNode getJson(String path) throws Exception {
        HttpResponse<String> response = send("GET", platform.queryApi() + path, null, mike().authorization());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json.readTree(response.body());
    }
}
