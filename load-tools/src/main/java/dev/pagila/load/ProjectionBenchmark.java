package dev.pagila.load;

import dev.pagila.stack.LocalPlatform;
import dev.pagila.stack.LocalPlatformOptions;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pagila.infra.dynamodb.DynamoDbClients;
import dev.pagila.infra.dynamodb.FilmsTable;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchStatementRequest;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Measures the projections against the store's own floor, in one run on one machine: the shipped sample projected
 * into an empty read model by the query side (events/s, handler calls/s, DynamoDB requests per event, CPU per
 * event), then the same final items written by raw {@code BatchWriteItem} (the floor), {@code TransactWriteItems}
 * of 100 conditional puts and PartiQL {@code BatchExecuteStatement} of 25 conditional inserts into fresh tables of
 * the same DynamoDB Local, and as rows of one table in the same PostgreSQL (the monolith's floor for the job); then
 * all of it again on a history grown to ten times the sample.
 * <pre>java -jar cli/target/pagila-exec.jar bench-projections [--times=1,10] [--data-dir=DIR]</pre>
 */
public final class ProjectionBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private ProjectionBenchmark() {
    }

    @picocli.CommandLine.Command(name = "bench-projections", mixinStandardHelpOptions = true,
            description = {"Projects the Pagila sample (and multiples of it) into an empty read model and compares the rate with",
                    "raw DynamoDB batch writes of the same final items, in one run on the embedded local stack."})
    public static final class Command implements java.util.concurrent.Callable<Integer> {

        @picocli.CommandLine.Option(names = "--times", paramLabel = "<list>", split = ",", defaultValue = "1,10",
                description = "history sizes to measure, as multiples of the sample (default ${DEFAULT-VALUE})")
        List<Integer> multiples;

        @picocli.CommandLine.Option(names = "--data-dir", paramLabel = "<dir>",
                description = "where the stores keep their data (default: a new temporary directory)")
        Path dataDirectory;

        @Override
        public Integer call() throws Exception {
            List<Integer> sorted = multiples.stream().sorted().toList();
            if (sorted.get(0) < 1) {
                System.err.println("bench-projections: --times takes multiples of the sample such as 1,10; got " + multiples);
                return 2;
            }
            run(sorted, dataDirectory);
            return 0; // the command line exits the JVM: DynamoDB Local leaves non-daemon threads behind
        }
    }

    private static void run(List<Integer> multiples, Path dataDirectory) throws Exception {
        Path directory = dataDirectory != null ? dataDirectory : Files.createTempDirectory("pagila-bench-projections");
        LocalPlatformOptions options = LocalPlatformOptions.defaults(Path.of("").toAbsolutePath()).withDataDirectory(directory).withWipe();
        Consumer<String> quiet = message -> { };
        System.out.println("Starting the local platform with the imported sample...");
        try (LocalPlatform platform = LocalPlatform.start(options, quiet)) {
            // Ctrl-C or a kill stops the apps and the stores too, not only this JVM
            Runtime.getRuntime().addShutdownHook(new Thread(platform::close, "bench-projections-shutdown"));
            System.out.printf("settings: DynamoDB Local in memory (as ./run-local), %s, %d cores%n", processorSettings(platform),
                    Runtime.getRuntime().availableProcessors());
            System.out.println("PostgreSQL durability (the query side's token commits, and the SQL floor): " + BenchmarkSupport
                    .durability(platform.stack().endpoints().jdbcUrl(), "pagila_query", "pagila_query"));
            int grownTo = 1;
            for (int times : multiples) {
                if (times > grownTo) {
                    try (Connection connection = platform.stack().adminDataSource().getConnection()) {
                        SyntheticHistory.grow(connection, times);
                    }
                    grownTo = times; // measure() replays from the first event: no need to let the processors catch up first
                }
                measure(platform, times);
            }
        }
    }

    private static final List<String> GROUPS = List.of("catalog", "inventory", "customers", "sales");

    /** Empties the read model under the running query side, replays every group from the first event, and times it. */
    private static void measure(LocalPlatform platform, int times) throws Exception {
        try (DynamoDbClient dynamoDb = DynamoDbClients.create(platform.stack().dynamoDbSettings())) {
            String table = platform.stack().endpoints().filmsTable();
            dynamoDb.deleteTable(request -> request.tableName(table));
            FilmsTable.createIfMissing(dynamoDb, table);
            double eventsBefore = metric(platform, "pagila.projection.events");
            double requestsBefore = metric(platform, "pagila.projection.requests");
            double cpuBefore = metric(platform, "process.cpu.time");
            double batchesBefore = metric(platform, "pagila.projection.batches");
            double readBefore = metric(platform, "pagila.projection.items.read");
            double writtenBefore = metric(platform, "pagila.projection.items.written");
            long began = System.nanoTime();
            for (String group : GROUPS) {
                HttpResponse<String> replay = HTTP.send(HttpRequest.newBuilder(
                                URI.create(platform.queryApi() + "/admin/processors/" + group + "/replay"))
                        .header("Authorization", platform.operator().authorization())
                        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
                if (replay.statusCode() != 202) {
                    throw new IllegalStateException("replay of " + group + " answered " + replay.statusCode() + ": " + replay.body());
                }
            }
            platform.awaitReadModelCaughtUp(message -> { });
            double seconds = (System.nanoTime() - began) / 1e9;
            double events = metric(platform, "pagila.projection.events") - eventsBefore;
            double requests = metric(platform, "pagila.projection.requests") - requestsBefore;
            double cpu = metric(platform, "process.cpu.time") - cpuBefore;
            double batches = metric(platform, "pagila.projection.batches") - batchesBefore;
            double read = metric(platform, "pagila.projection.items.read") - readBefore;
            double written = metric(platform, "pagila.projection.items.written") - writtenBefore;
            long stored = head(platform);
            List<Map<String, AttributeValue>> items = dynamoDb.scanPaginator(request -> request.tableName(table)).items().stream().toList();
            System.out.printf("%n%dx the sample: %,d events, %,d final items%n", times, stored, items.size());
            System.out.printf("  projection into the empty table             %7.1f s  %,8.0f events/s  %,8.0f handler calls/s  "
                            + "%.3f DynamoDB requests/event  %.2f ms query-side CPU/event%n",
                    seconds, stored / seconds, events / seconds, requests / stored, cpu / 1e6 / stored);
            System.out.printf("  %,.0f batches of %,.0f handler calls on average; %,.0f items read and %,.0f item writes "
                    + "(%.2f writes per final item)%n", batches, events / batches, read, written, written / items.size());
            double floor = write(dynamoDb, table + "_floor", items, ProjectionBenchmark::batchWrite);
            System.out.printf("  raw BatchWriteItem of 25, same items        %7.1f s  %,8.0f items/s   projection reached %.0f %% of it%n",
                    floor, items.size() / floor, 100 * floor / seconds);
            double transact = write(dynamoDb, table + "_transact", items, ProjectionBenchmark::transactWrite);
            System.out.printf("  TransactWriteItems of 100 conditional puts  %7.1f s  %,8.0f items/s%n", transact, items.size() / transact);
            double sql = sqlLoad(platform, items);
            System.out.printf("  plain SQL load of the same items (one row each, batches of 1,000, same PostgreSQL, "
                    + "synchronous_commit on) %.1f s  %,8.0f items/s%n", sql, items.size() / sql);
            double partiql = write(dynamoDb, table + "_partiql", items, ProjectionBenchmark::statementWrite);
            System.out.printf("  PartiQL BatchExecuteStatement of 25 inserts %7.1f s  %,8.0f items/s%n", partiql, items.size() / partiql);
        }
    }

    private interface Writer {
        void write(DynamoDbClient dynamoDb, String table, List<Map<String, AttributeValue>> items);
    }

    private static double write(DynamoDbClient dynamoDb, String table, List<Map<String, AttributeValue>> items, Writer writer) {
        FilmsTable.createIfMissing(dynamoDb, table);
        try {
            long began = System.nanoTime();
            writer.write(dynamoDb, table, items);
            return (System.nanoTime() - began) / 1e9;
        } finally {
            dynamoDb.deleteTable(request -> request.tableName(table));
        }
    }

    private static void batchWrite(DynamoDbClient dynamoDb, String table, List<Map<String, AttributeValue>> items) {
        for (int from = 0; from < items.size(); from += 25) {
            List<WriteRequest> puts = items.subList(from, Math.min(items.size(), from + 25)).stream()
                    .map(item -> WriteRequest.builder().putRequest(put -> put.item(item)).build()).toList();
            Map<String, List<WriteRequest>> pending = Map.of(table, puts);
            while (!pending.isEmpty()) {
                Map<String, List<WriteRequest>> request = pending;
                pending = dynamoDb.batchWriteItem(builder -> builder.requestItems(request)).unprocessedItems();
            }
        }
    }

    private static void transactWrite(DynamoDbClient dynamoDb, String table, List<Map<String, AttributeValue>> items) {
        for (int from = 0; from < items.size(); from += 100) {
            List<TransactWriteItem> puts = items.subList(from, Math.min(items.size(), from + 100)).stream()
                    .map(item -> TransactWriteItem.builder().put(Put.builder().tableName(table).item(item)
                            .conditionExpression("attribute_not_exists(PK)").build()).build()).toList();
            dynamoDb.transactWriteItems(request -> request.transactItems(puts));
        }
    }

    private static void statementWrite(DynamoDbClient dynamoDb, String table, List<Map<String, AttributeValue>> items) {
        for (int from = 0; from < items.size(); from += 25) {
            List<BatchStatementRequest> inserts = new ArrayList<>();
            for (Map<String, AttributeValue> item : items.subList(from, Math.min(items.size(), from + 25))) {
                List<String> fields = item.keySet().stream().map(name -> "'" + name + "': ?").toList();
                inserts.add(BatchStatementRequest.builder()
                        .statement("INSERT INTO \"" + table + "\" VALUE {" + String.join(", ", fields) + "}")
                        .parameters(new ArrayList<>(item.values())).build());
            }
            dynamoDb.batchExecuteStatement(request -> request.statements(inserts)).responses().forEach(response -> {
                if (response.error() != null) {
                    throw new IllegalStateException("PartiQL insert refused: " + response.error().message());
                }
            });
        }
    }

    /** The monolith's floor for the same job: the final items as rows of one table in the platform's own PostgreSQL. */
    private static double sqlLoad(LocalPlatform platform, List<Map<String, AttributeValue>> items) throws Exception {
        try (Connection connection = platform.stack().adminDataSource().getConnection();
             var statement = connection.createStatement()) {
            statement.execute("CREATE TABLE projection_floor (pk text, sk text, item text, PRIMARY KEY (pk, sk))");
            try {
                connection.setAutoCommit(false);
                long began = System.nanoTime();
                try (var insert = connection.prepareStatement("INSERT INTO projection_floor VALUES (?, ?, ?)")) {
                    for (int index = 0; index < items.size(); index++) {
                        Map<String, AttributeValue> item = items.get(index);
                        insert.setString(1, item.get(FilmsTable.PK).s());
                        insert.setString(2, item.get(FilmsTable.SK).s());
                        insert.setString(3, item.toString());
                        insert.addBatch();
                        if (index % 1000 == 999 || index == items.size() - 1) {
                            insert.executeBatch();
                            connection.commit();
                        }
                    }
                }
                return (System.nanoTime() - began) / 1e9;
            } finally {
                connection.setAutoCommit(true);
                statement.execute("DROP TABLE projection_floor");
            }
        }
    }

    private static double metric(LocalPlatform platform, String name) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(platform.queryApi() + "/actuator/metrics/" + name))
                .header("Authorization", platform.operator().authorization())
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("the query side answered " + response.statusCode() + " for its metric " + name);
        }
        JsonNode measurement = JSON.readTree(response.body()).path("measurements").path(0);
        return measurement.path("value").asDouble(Double.NaN);
    }

    /** Segments as the query side reports them; batch sizes as its configuration or an environment override sets them. */
    private static String processorSettings(LocalPlatform platform) throws Exception {
        HttpResponse<String> status = HTTP.send(HttpRequest.newBuilder(URI.create(platform.queryApi() + "/admin/processors"))
                .header("Authorization", platform.operator().authorization()).build(), HttpResponse.BodyHandlers.ofString());
        List<String> groups = new ArrayList<>();
        for (JsonNode processor : JSON.readTree(status.body()).path("items")) {
            String group = processor.path("name").asText();
            String batchSize = System.getenv("AXON_EVENTHANDLING_PROCESSORS_" + group.toUpperCase() + "_BATCHSIZE");
            groups.add(group + " " + processor.path("segments").size() + " segments, batch size "
                    + (batchSize == null ? "1000" : batchSize));
        }
        return String.join("; ", groups);
    }

    private static long head(LocalPlatform platform) throws Exception {
        try (Connection connection = platform.stack().adminDataSource().getConnection();
             var statement = connection.createStatement();
             var count = statement.executeQuery("SELECT count(*) FROM events.domain_event_entry")) {
            count.next();
            return count.getLong(1);
        }
    }
}
