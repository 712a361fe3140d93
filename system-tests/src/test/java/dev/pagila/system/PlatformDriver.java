package dev.pagila.system;

import dev.pagila.stack.LocalPlatform;
import dev.pagila.stack.LocalPlatformOptions;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pagila.infra.dynamodb.DynamoDbClients;
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
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/** Drives a running local platform through its REST APIs, its stores and its admin API, for the end-to-end tests. */
final class PlatformDriver {

    static final String ACADEMY_DINOSAUR = """
            {"title": "ACADEMY DINOSAUR",
             "description": "A Epic Drama of a Feminist And a Mad Scientist who must Battle a Teacher in The Canadian Rockies",
             "releaseYear": 2006, "languageId": 1, "rentalDuration": 6, "rentalRate": 0.99, "length": 86,
             "replacementCost": 20.99, "rating": "PG", "specialFeatures": ["Deleted Scenes", "Behind the Scenes"]}""";

    final HttpClient http = HttpClient.newHttpClient();
    final ObjectMapper json = new ObjectMapper();
    private final Supplier<LocalPlatform> platform;

    PlatformDriver(Supplier<LocalPlatform> platform) {
        this.platform = platform;
    }

    private Path memoryBacked;
    private ApiSession mike;
    private LocalPlatformOptions options;

    /**
     * Starts a platform on free ports with its read model on disk (as {@code ./run-local} keeps it), in a
     * memory-backed directory where the machine has one (so that DynamoDB Local's fsync per request costs nothing),
     * else in {@code fallbackDirectory}.
     *
     * @param prepareLegacy runs on the legacy database before the sample is imported from it
     */
    LocalPlatform start(Path fallbackDirectory, Consumer<DataSource> prepareLegacy) throws IOException {
        return start(fallbackDirectory, prepareLegacy, options -> options);
    }

    /** @param shape what differs from the platform {@code ./run-local} starts (a live migration, no warm-up) */
    LocalPlatform start(Path fallbackDirectory, Consumer<DataSource> prepareLegacy, UnaryOperator<LocalPlatformOptions> shape)
            throws IOException {
        Path shm = Path.of("/dev/shm");
        memoryBacked = Files.isDirectory(shm) && Files.isWritable(shm) ? Files.createTempDirectory(shm, "pagila-e2e-") : null;
        options = LocalPlatformOptions.defaults(Path.of("..").toAbsolutePath().normalize())
                .withDataDirectory(memoryBacked != null ? memoryBacked : fallbackDirectory)
                .withPorts(Ports.anyFree(), Ports.anyFree(), Ports.anyFree(), Ports.anyFree(), Ports.anyFree());
        options = shape.apply(options);
        return LocalPlatform.start(options, System.out::println, prepareLegacy);
    }

    LocalPlatformOptions options() {
        return options;
    }

    /** Stops the platform and deletes a memory-backed data directory. */
    void stop() throws IOException {
        if (platform.get() != null) {
            platform.get().close();
        }
        if (memoryBacked != null) {
            try (var paths = Files.walk(memoryBacked)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(path);
                }
            }
        }
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
        try (Connection admin = platform.get().stack().adminDataSource().getConnection();
             Statement statement = admin.createStatement();
             var result = statement.executeQuery(sql)) {
            result.next();
            return result.getLong(1);
        }
    }

    /** Pagila's store-1 manager, signed in as the README's tour does. */
    ApiSession mike() {
        if (mike == null) {
            mike = new ApiSession(platform.get().commandApi(), ApiSession.SAMPLE_STAFF, ApiSession.SAMPLE_PASSWORD);
        }
        return mike;
    }

    /** The operations account at the command API (the live migration's endpoints). */
    HttpResponse<String> operatorCommand(String method, String path, String body) throws Exception {
        return send(method, platform.get().commandApi() + path, body, platform.get().operator().authorization());
    }

    /** The monolith's database, as its administrator: what a user does with psql. */
    Connection legacy() throws SQLException {
        return java.sql.DriverManager.getConnection("jdbc:postgresql://localhost:" + options.postgresPort() + "/"
                + LocalPlatform.LEGACY_DATABASE, "postgres", "");
    }

    HttpResponse<String> admin(String method, String path) throws Exception {
        return send(method, platform.get().queryApi() + path, null, platform.get().operator().authorization());
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

    List<Map<String, AttributeValue>> itemsOfTypes(String... types) throws Exception {
        List<String> wanted = List.of(types);
        return scanFilmsTable().stream().filter(item -> item.containsKey("type") && wanted.contains(item.get("type").s()))
                .toList();
    }

    double metric(String name, String tag) throws Exception {
        JsonNode body = json.readTree(send("GET", platform.get().queryApi() + "/actuator/metrics/" + name
                + (tag == null ? "" : "?tag=" + tag), null, platform.get().operator().authorization()).body());
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

    List<Map<String, AttributeValue>> scanFilmsTable() throws Exception {
        return scanTable(json.readTree(admin("GET", "/admin/read-model").body()).get("activeTable").asText());
    }

    List<Map<String, AttributeValue>> scanTable(String table) {
        try (DynamoDbClient dynamoDb = DynamoDbClients.create(platform.get().stack().dynamoDbSettings())) {
            return dynamoDb.scanPaginator(request -> request.tableName(table).consistentRead(true))
                    .items().stream()
                    .sorted(Comparator.comparing(item -> item.get("PK").s() + "|" + item.get("SK").s()))
                    .toList();
        }
    }

    /** A command as Mike, a manager. */
    HttpResponse<String> post(String path, String body) throws Exception {
        return send("POST", platform.get().commandApi() + path, body, mike().authorization());
    }

    HttpResponse<String> put(String path, String body) throws Exception {
        return send("PUT", platform.get().commandApi() + path, body, mike().authorization());
    }

    HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A query as Mike, who may read customer data and reports as well as the catalogue. */
    JsonNode getJson(String path) throws Exception {
        HttpResponse<String> response = send("GET", platform.get().queryApi() + path, null, mike().authorization());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json.readTree(response.body());
    }
}
