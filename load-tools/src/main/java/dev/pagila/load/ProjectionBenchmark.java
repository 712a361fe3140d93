package dev.pagila.load;

import dev.pagila.client.ApiResponse;
import dev.pagila.client.answer.FillReport;
import dev.pagila.client.answer.Metric;
import dev.pagila.client.answer.ProcessorStatus;
import dev.pagila.client.answer.ReadModelStatus;
import dev.pagila.stack.LocalPlatform;
import dev.pagila.stack.LocalPlatformOptions;
import dev.pagila.infra.dynamodb.DynamoDbClients;
import dev.pagila.infra.dynamodb.FilmsTable;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * Measures how fast the read model is built from the events, against the store's own floor, in one run on one
 * machine: the bulk fill of an empty table (the query side started without tokens, as on a first start: every final
 * item written once), the live, fenced
 * path over the same events (every group replayed from position 0 into an emptied table: conditional
 * {@code TransactWriteItems} batch by batch), then the same final items written raw into fresh tables of the same
 * DynamoDB Local ({@code BatchWriteItem} of 25 one request at a time and four in flight, unconditional
 * {@code TransactWriteItems} of 100 four in flight) and as rows of one table in the same PostgreSQL (the monolith's
 * floor for the job); then all of it again on a history grown to ten times the sample.
 * <pre>java -jar cli/target/pagila-exec.jar bench-projections [--times=1,10] [--read-model-in-memory] [--data-dir=DIR]</pre>
 */
public final class ProjectionBenchmark {

    private ProjectionBenchmark() {
    }

    @picocli.CommandLine.Command(name = "bench-projections", mixinStandardHelpOptions = true,
            description = {"Fills an empty read model from the Pagila sample (and multiples of it) through the bulk path and the",
                    "live path, beside raw DynamoDB writes and a PostgreSQL load of the same final items, in one run on the",
                    "embedded local stack."})
    public static final class Command implements java.util.concurrent.Callable<Integer> {

        @picocli.CommandLine.Option(names = "--times", paramLabel = "<list>", split = ",", defaultValue = "1,10",
                description = "history sizes to measure, as multiples of the sample (default ${DEFAULT-VALUE})")
        List<Integer> multiples;

        @picocli.CommandLine.Option(names = "--data-dir", paramLabel = "<dir>",
                description = "where the stores keep their data (default: a new temporary directory)")
        Path dataDirectory;

        @picocli.CommandLine.Option(names = "--live-up-to", paramLabel = "<n>", defaultValue = "1",
                description = "measure the live path too on histories up to n times the sample (default ${DEFAULT-VALUE}: on"
                        + " ten times the sample it takes about ten minutes here)")
        int liveUpTo;

        @picocli.CommandLine.Option(names = "--read-model-in-memory",
                description = "DynamoDB Local in memory rather than on disk (as ./run-local --read-model-in-memory)")
        boolean readModelInMemory;

        @Override
        public Integer call() throws Exception {
            List<Integer> sorted = multiples.stream().sorted().toList();
            if (sorted.get(0) < 1) {
                System.err.println("bench-projections: --times takes multiples of the sample such as 1,10; got " + multiples);
                return 2;
            }
            run(sorted, dataDirectory, readModelInMemory, liveUpTo);
            return 0; // the command line exits the JVM: DynamoDB Local leaves non-daemon threads behind
        }
    }

    private static void run(List<Integer> multiples, Path dataDirectory, boolean inMemory, int liveUpTo) throws Exception {
        Path directory = dataDirectory != null ? dataDirectory : Files.createTempDirectory("pagila-bench-projections");
        LocalPlatformOptions options = LocalPlatformOptions.defaults(Path.of("").toAbsolutePath()).withDataDirectory(directory).withWipe();
        options = inMemory ? options.withReadModelInMemory() : options;
        Consumer<String> quiet = message -> { };
        System.out.println("Starting the local platform with the imported sample...");
        try (LocalPlatform platform = LocalPlatform.start(options, quiet)) {
            // Ctrl-C or a kill stops the apps and the stores too, not only this JVM
            Runtime.getRuntime().addShutdownHook(new Thread(platform::close, "bench-projections-shutdown"));
            System.out.printf("settings: DynamoDB Local %s, bulk fill %s, 4 requests in flight, write-out early above 50,000"
                            + " items a group; live path %s; %d cores%n",
                    options.readModelOnDisk() ? "on disk" : "in memory", options.readModelOnDisk() ? "TransactWriteItems of 100"
                            : "BatchWriteItem of 25", processorSettings(platform), Runtime.getRuntime().availableProcessors());
            System.out.println("PostgreSQL durability (the query side's token commits, and the SQL floor): " + BenchmarkSupport
                    .durability(platform.stack().endpoints().jdbcUrl(), "pagila_query", "pagila_query"));
            int grownTo = 1;
            for (int times : multiples) {
                if (times > grownTo) {
                    platform.stopQuerySide(); // grown with nobody projecting, so that each fill runs alone
                    try (Connection connection = platform.stack().adminDataSource().getConnection()) {
                        SyntheticHistory.grow(connection, times);
                    }
                    grownTo = times; // measure() starts the query side without tokens: it fills the whole history
                }
                measure(platform, times, times <= liveUpTo);
            }
        }
    }

    private static final List<String> GROUPS = List.of("catalog", "inventory", "customers", "sales", "accounts");

    /**
     * The bulk fill (the query side started without tokens, as on a first start), the live path over the same events,
     * and the floors for the final items.
     */
    private static void measure(LocalPlatform platform, int times, boolean live) throws Exception {
        try (DynamoDbClient dynamoDb = DynamoDbClients.create(platform.stack().dynamoDbSettings())) {
            long stored = head(platform);
            platform.stopQuerySide();
            try (Connection admin = platform.stack().adminDataSource().getConnection(); var statement = admin.createStatement()) {
                statement.executeUpdate("DELETE FROM projections.token_entry");
            }
            long began = System.nanoTime();
            platform.startQuerySide();
            double up = (System.nanoTime() - began) / 1e9;
            FillReport fill = platform.operator().get(platform.queryApi() + "/admin/read-model", ReadModelStatus.class).startFill();
            if (fill == null) {
                throw new IllegalStateException("the query side started without tokens but reports no bulk fill");
            }
            double bulk = Duration.between(fill.startedAt(), fill.reportedAt()).toMillis() / 1000.0;
            double bulkCpu = metric(platform, "process.cpu.time");
            String table = fill.table();
            List<Map<String, AttributeValue>> items = dynamoDb.scanPaginator(request -> request.tableName(table)).items().stream().toList();
            System.out.printf("%n%dx the sample: %,d events, %,d final items%n", times, stored, items.size());
            System.out.printf("  bulk fill (a start without tokens)              %7.1f s  %,8.0f events/s  %,8.0f items/s  "
                            + "%.2f writes per final item  %.3f DynamoDB requests/event  (query side up %.1f s after its launch,"
                            + " %.2f ms of its CPU per event, start-up included)%n",
                    bulk, stored / bulk, items.size() / bulk, (double) fill.itemsWritten() / items.size(),
                    (double) fill.requests() / stored, up, bulkCpu / 1e6 / stored);
            double liveSeconds = live ? live(platform, dynamoDb, table, stored, items.size()) : Double.NaN;
            double floor = write(dynamoDb, table + "_floor", items, (client, name, all) -> batchWrite(client, name, all, 1));
            double parallelFloor = write(dynamoDb, table + "_floor4", items, (client, name, all) -> batchWrite(client, name, all, 4));
            double transact = write(dynamoDb, table + "_transact4", items, ProjectionBenchmark::transactWrite);
            double best = Math.min(floor, Math.min(parallelFloor, transact));
            System.out.printf("  raw BatchWriteItem of 25, one in flight         %7.1f s  %,8.0f items/s%n", floor, items.size() / floor);
            System.out.printf("  raw BatchWriteItem of 25, four in flight        %7.1f s  %,8.0f items/s%n", parallelFloor,
                    items.size() / parallelFloor);
            System.out.printf("  raw TransactWriteItems of 100, four in flight   %7.1f s  %,8.0f items/s%n", transact, items.size() / transact);
            double sql = sqlLoad(platform, items);
            System.out.printf("  plain SQL load, same items, same PostgreSQL     %7.1f s  %,8.0f items/s  (one row each, batches of 1,000,"
                    + " synchronous_commit on)%n", sql, items.size() / sql);
            System.out.printf("  bulk fill reached %.0f %% of the fastest raw write of its items%s%n", 100 * best / bulk,
                    live ? String.format("; the live path %.0f %%", 100 * best / liveSeconds) : "");
        }
    }

    /** Empties the table and replays every group from position 0 through the live processors; answers the seconds. */
    private static double live(LocalPlatform platform, DynamoDbClient dynamoDb, String table, long stored, int finalItems)
            throws Exception {
        dynamoDb.deleteTable(request -> request.tableName(table));
        FilmsTable.createIfMissing(dynamoDb, table);
        double eventsBefore = metric(platform, "pagila.projection.events");
        double requestsBefore = metric(platform, "pagila.projection.requests");
        double cpuBefore = metric(platform, "process.cpu.time");
        double writtenBefore = metric(platform, "pagila.projection.items.written");
        long began = System.nanoTime();
        for (String group : GROUPS) {
            ApiResponse replay = platform.operator().post(platform.queryApi() + "/admin/processors/" + group
                    + "/replay?fromPosition=0", null);
            if (replay.status() != 202) {
                throw new IllegalStateException("replay of " + group + " answered " + replay.status() + ": " + replay.body());
            }
        }
        platform.awaitReadModelCaughtUp(message -> { });
        double live = (System.nanoTime() - began) / 1e9;
        double events = metric(platform, "pagila.projection.events") - eventsBefore;
        double requests = metric(platform, "pagila.projection.requests") - requestsBefore;
        double cpu = metric(platform, "process.cpu.time") - cpuBefore;
        double written = metric(platform, "pagila.projection.items.written") - writtenBefore;
        System.out.printf("  live path (fenced, replayed from position 0)    %7.1f s  %,8.0f events/s  %,8.0f items/s  "
                        + "%.2f writes per final item  %.3f DynamoDB requests/event  %.2f ms query-side CPU/event"
                        + "  (%,.0f handler calls)%n",
                live, stored / live, finalItems / live, written / finalItems, requests / stored, cpu / 1e6 / stored, events);
        return live;
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

    private static void batchWrite(DynamoDbClient dynamoDb, String table, List<Map<String, AttributeValue>> items, int inFlight) {
        List<List<WriteRequest>> batches = new ArrayList<>();
        for (int from = 0; from < items.size(); from += 25) {
            batches.add(items.subList(from, Math.min(items.size(), from + 25)).stream()
                    .map(item -> WriteRequest.builder().putRequest(put -> put.item(item)).build()).toList());
        }
        inParallel(batches, inFlight, puts -> {
            Map<String, List<WriteRequest>> pending = Map.of(table, puts);
            while (!pending.isEmpty()) {
                Map<String, List<WriteRequest>> request = pending;
                pending = dynamoDb.batchWriteItem(builder -> builder.requestItems(request)).unprocessedItems();
            }
        });
    }

    private static void transactWrite(DynamoDbClient dynamoDb, String table, List<Map<String, AttributeValue>> items) {
        List<List<TransactWriteItem>> transactions = new ArrayList<>();
        for (int from = 0; from < items.size(); from += 100) {
            transactions.add(items.subList(from, Math.min(items.size(), from + 100)).stream()
                    .map(item -> TransactWriteItem.builder().put(Put.builder().tableName(table).item(item).build()).build()).toList());
        }
        inParallel(transactions, 4, puts -> dynamoDb.transactWriteItems(request -> request.transactItems(puts)));
    }

    private static <T> void inParallel(List<T> requests, int inFlight, Consumer<T> send) {
        ExecutorService senders = Executors.newFixedThreadPool(inFlight);
        try {
            requests.stream().map(request -> CompletableFuture.runAsync(() -> send.accept(request), senders)).toList()
                    .forEach(CompletableFuture::join);
        } finally {
            senders.shutdownNow();
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
        ApiResponse response = platform.operator().send("GET", platform.queryApi() + "/actuator/metrics/" + name, null,
                Duration.ofSeconds(10));
        if (response.status() != 200) {
            throw new IllegalStateException("the query side answered " + response.status() + " for its metric " + name);
        }
        return response.as(Metric.class).value();
    }

    /** Segments as the query side reports them; batch sizes as its configuration or an environment override sets them. */
    private static String processorSettings(LocalPlatform platform) throws Exception {
        List<String> groups = new ArrayList<>();
        for (ProcessorStatus processor : platform.operator().getPage(platform.queryApi() + "/admin/processors",
                ProcessorStatus.class).items()) {
            String group = processor.name();
            String batchSize = System.getenv("AXON_EVENTHANDLING_PROCESSORS_" + group.toUpperCase() + "_BATCHSIZE");
            groups.add(group + " " + processor.segments().size() + " segments, batch size "
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
