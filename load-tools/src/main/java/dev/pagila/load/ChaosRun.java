package dev.pagila.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pagila.client.ApiResponse;
import dev.pagila.client.ApiSession;
import dev.pagila.client.answer.ProcessorStatus;
import dev.pagila.client.answer.ReadModelStatus;
import dev.pagila.client.answer.RebuildStatus;
import dev.pagila.client.answer.SegmentStatus;
import dev.pagila.infra.dynamodb.DynamoDbClients;
import dev.pagila.load.ChaosClients.Call;
import dev.pagila.stack.Directories;
import dev.pagila.stack.EmbeddedRedisCluster;
import dev.pagila.stack.LocalPlatform;
import dev.pagila.stack.LocalPlatformOptions;
import dev.pagila.stack.Ports;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import javax.sql.DataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * The platform as a cluster under a clerks' load while its parts are killed: two instances of each app behind HAProxy
 * and the cache on a Redis Cluster; one command-side instance, then one query-side instance, then one Redis master
 * killed with SIGKILL and started again; then every app instance restarted one at a time. Afterwards the clients' log
 * is compared with the event store, and the read model with a fresh rebuild of the same events.
 */
public final class ChaosRun {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RENTED = "dev.pagila.kernel.sales.FilmRentedEvent";
    private static final String RETURNED = "dev.pagila.kernel.sales.RentalReturnedEvent";
    private static final String PAID = "dev.pagila.kernel.sales.PaymentTakenEvent";

    /**
     * How the run goes.
     *
     * @param clients   concurrent clerks, each with its own copies and customer
     * @param settle    load between two disruptions, and before the first
     * @param pause     each clerk's pause between rounds (zero: as fast as the platform answers)
     */
    public record Settings(int instances, int clients, int copiesPerClient, Duration settle, Duration pause) {
    }

    /** A disruption: when it began and ended (nanoseconds on the clients' clock), and what it measured. */
    public record Disruption(String name, long startedAt, long endedAt, long inFlightAtStart, long unknownOutcomes,
                             long serverErrors, double seconds, String failures) {
    }

    /**
     * What the run found.
     *
     * @param acknowledgedMissing   acknowledged commands not in the event store
     * @param storedTwice           rentals, returns or payments stored more than once
     * @param copiesRentedTwice     copies with two rentals without a return between
     * @param readModelDifferences  items of the live read model that differ from (or are missing in) a rebuild
     * @param segmentsHeldByKilled  segments the killed query-side instance held before it was killed (shared out)
     */
    public record Verdict(long commands, long acknowledged, long unknown, double commandsPerSecond, List<Disruption> disruptions,
                          long acknowledgedMissing, long storedTwice, long copiesRentedTwice, long readModelItems,
                          long readModelDifferences, Duration claimTimeout, long segmentsHeldByKilled) {

        public Disruption disruption(String name) {
            return disruptions.stream().filter(d -> d.name().equals(name)).findFirst().orElseThrow();
        }

        /** Every check the run makes, by name, and whether it held. */
        public Map<String, Boolean> checks() {
            Map<String, Boolean> checks = new LinkedHashMap<>();
            checks.put("every acknowledged command is stored", acknowledgedMissing == 0);
            checks.put("nothing is stored twice", storedTwice == 0);
            checks.put("no copy was rented twice at once", copiesRentedTwice == 0);
            checks.put("the read model equals a rebuild, item by item", readModelDifferences == 0 && readModelItems > 0);
            checks.put("the query-side instances shared the segments", segmentsHeldByKilled > 0);
            Disruption takeover = disruption("kill query-side-1");
            checks.put("the survivor claimed the killed instance's segments within the claim timeout and a claim round",
                    takeover.seconds() >= 0 && takeover.seconds() <= claimTimeout.toSeconds() + 5);
            for (Disruption disruption : disruptions) {
                if (disruption.name().startsWith("kill")) {
                    checks.put("failures of '" + disruption.name() + "' are at most the requests in flight when it happened",
                            disruption.unknownOutcomes() <= disruption.inFlightAtStart());
                }
            }
            Disruption rolling = disruption("rolling restart");
            checks.put("no 5xx and no lost answer during the rolling restart", rolling.unknownOutcomes() == 0);
            checks.put("commands were acknowledged under load", acknowledged > 0);
            return checks;
        }

        public boolean passed() {
            return checks().values().stream().allMatch(Boolean::booleanValue);
        }

        public String report() {
            StringBuilder report = new StringBuilder(String.format(
                    "%,d commands (%,d acknowledged, %,d with no known outcome), %.0f commands/s%n%n", commands, acknowledged,
                    unknown, commandsPerSecond));
            report.append(String.format("%-24s %9s %10s %9s %10s%n", "disruption", "seconds", "in flight", "failed", "5xx"));
            for (Disruption d : disruptions) {
                report.append(String.format("%-24s %9.1f %10d %9d %10d  %s%n", d.name(), d.seconds(), d.inFlightAtStart(),
                        d.unknownOutcomes(), d.serverErrors(), d.failures()));
            }
            report.append(String.format("%nread model: %,d items, %,d differ from a rebuild%n%n", readModelItems, readModelDifferences));
            checks().forEach((check, held) -> report.append(held ? "  ok    " : "  FAIL  ").append(check).append('\n'));
            return report.toString();
        }
    }

    private final Settings settings;
    private final Consumer<String> progress;
    private LocalPlatform platform;
    private ChaosClients clients;

    private ChaosRun(Settings settings, Consumer<String> progress) {
        this.settings = settings;
        this.progress = progress;
    }

    /** Starts a cluster in {@code dataDirectory} on free ports, runs the scenario, verifies and stops the cluster. */
    public static Verdict run(Path projectDirectory, Path dataDirectory, Settings settings, Consumer<String> progress)
            throws Exception {
        ChaosRun run = new ChaosRun(settings, progress);
        LocalPlatformOptions options = LocalPlatformOptions.defaults(projectDirectory).withDataDirectory(dataDirectory)
                .withPorts(Ports.anyFree(), Ports.anyFree(), Ports.anyFree(), EmbeddedRedisCluster.anyFreeFirstPort(), Ports.anyFree())
                .withReadModelInMemory().withoutWarmUp().withInstances(settings.instances());
        try (LocalPlatform platform = LocalPlatform.start(options, progress, ChaosRun::keepTheCatalogueOnly)) {
            run.platform = platform;
            return run.scenario();
        }
    }

    /** The sample's catalogue, customers and the first 400 copies, none rented: a short history, every copy free. */
    private static void keepTheCatalogueOnly(DataSource legacy) {
        try (Connection connection = legacy.getConnection(); Statement statement = connection.createStatement()) {
            statement.executeUpdate("DELETE FROM payment");
            statement.executeUpdate("DELETE FROM rental");
            statement.executeUpdate("DELETE FROM inventory WHERE inventory_id > 400");
        } catch (SQLException e) {
            throw new IllegalStateException("cutting the sample down failed: " + e.getMessage(), e);
        }
    }

    private Verdict scenario() throws Exception {
        ApiSession clerk = new ApiSession(platform.commandApi(), ApiSession.SAMPLE_STAFF, ApiSession.SAMPLE_PASSWORD);
        clients = new ChaosClients(clerk, platform.commandApi(), platform.queryApi(), counters(), settings.pause());
        List<Disruption> disruptions = new ArrayList<>();
        long began = System.nanoTime();
        clients.start();
        settle();
        disruptions.add(disrupt("kill command-side-1", () -> {
            platform.killCommandSide(0);
            platform.restartCommandSide(0); // the survivor serves alone while it starts
            return -1;
        }));
        settle();
        long segmentsShared = segmentsOwnedBy(platform.querySideInstanceName(0));
        disruptions.add(disrupt("kill query-side-1", () -> {
            long killedAt = System.nanoTime();
            platform.killQuerySide(0);
            double takeover = awaitSegmentsOwnedBy(platform.querySideInstanceName(1), killedAt);
            platform.restartQuerySide(0);
            return takeover;
        }));
        settle();
        disruptions.add(disrupt("kill a Redis master", () -> {
            long killedAt = System.nanoTime();
            int port = platform.stack().redisCluster().killMaster(0);
            platform.stack().redisCluster().awaitFailover();
            double failover = (System.nanoTime() - killedAt) / 1e9;
            platform.stack().redisCluster().restart(port);
            return failover;
        }));
        settle();
        disruptions.add(disrupt("rolling restart", () -> {
            platform.rollingRestart(progress);
            return -1;
        }));
        settle();
        clients.stop();
        double seconds = (System.nanoTime() - began) / 1e9;
        progress.accept("Load stopped; waiting for the read model to catch up");
        platform.awaitReadModelCaughtUp(progress);
        return verdict(clients.log(), disruptions, seconds, segmentsShared);
    }

    private interface Step {
        /** @return what the step measured in seconds (a takeover, a failover), or -1 */
        double run() throws Exception;
    }

    private Disruption disrupt(String name, Step step) throws Exception {
        progress.accept("Chaos: " + name);
        long startedAt = System.nanoTime();
        double measured = step.run();
        long endedAt = System.nanoTime();
        List<Call> log = clients.log();
        long inFlight = log.stream().filter(call -> call.startedAt() < startedAt && call.endedAt() > startedAt).count();
        // a kill fails what was in flight at that moment; a rolling restart must fail nothing while it lasts
        boolean kill = name.startsWith("kill");
        long windowEnd = kill ? startedAt + Duration.ofSeconds(5).toNanos() : endedAt;
        List<Call> during = log.stream().filter(call -> call.endedAt() >= startedAt && call.startedAt() <= windowEnd).toList();
        long unknown = during.stream().filter(Call::unknown).count();
        long serverErrors = during.stream().filter(call -> call.status() >= 500).count();
        String failures = during.stream().filter(Call::unknown)
                .collect(Collectors.groupingBy(call -> call.kind() + " " + (call.status() < 0 ? "no answer" : call.status()),
                        java.util.TreeMap::new, Collectors.counting()))
                .toString();
        double seconds = measured >= 0 ? measured : (endedAt - startedAt) / 1e9;
        progress.accept(String.format("Chaos: %s took %.1f s; %d in flight at its start, %d failed %s", name, seconds, inFlight,
                unknown, failures));
        return new Disruption(name, startedAt, endedAt, inFlight, unknown, serverErrors, seconds, failures);
    }

    /** Seconds from {@code since} until every segment of every group is claimed by {@code owner}. */
    private double awaitSegmentsOwnedBy(String owner, long since) throws Exception {
        Instant deadline = Instant.now().plusSeconds(120);
        while (Instant.now().isBefore(deadline)) {
            List<String> owners = segmentOwners();
            if (!owners.isEmpty() && owners.stream().allMatch(owner::equals)) {
                return (System.nanoTime() - since) / 1e9;
            }
            Thread.sleep(250);
        }
        return -1;
    }

    private long segmentsOwnedBy(String owner) throws Exception {
        return segmentOwners().stream().filter(owner::equals).count();
    }

    /** The owner of every segment of every group, as {@code admin status} shows them ("" for an unclaimed one). */
    private List<String> segmentOwners() throws Exception {
        ApiResponse response = platform.operator().send("GET", platform.queryApi() + "/admin/processors", null, Duration.ofSeconds(10));
        for (int attempt = 1; response.status() != 200; attempt++) {
            if (attempt == 10) {
                throw new IllegalStateException("the query API's status answered " + response.status() + " ten times");
            }
            // the request that reaches a just-killed instance before the load balancer's health check has noticed
            Thread.sleep(250);
            response = platform.operator().send("GET", platform.queryApi() + "/admin/processors", null, Duration.ofSeconds(10));
        }
        List<String> owners = new ArrayList<>();
        for (ProcessorStatus processor : response.pageOf(ProcessorStatus.class).items()) {
            for (SegmentStatus segment : processor.segments()) {
                owners.add(segment.owner() == null ? "" : segment.owner());
            }
        }
        return owners;
    }

    private void settle() throws InterruptedException {
        Thread.sleep(settings.settle().toMillis());
    }

    /** Store 1's free copies, a few per client, and a customer of store 1 each. */
    private List<ChaosClients.Counter> counters() throws SQLException {
        List<Integer> copies = new ArrayList<>();
        List<Integer> films = new ArrayList<>();
        List<Integer> customers = new ArrayList<>();
        try (Connection legacy = platform.stack().database(LocalPlatform.LEGACY_DATABASE).getConnection();
             Statement statement = legacy.createStatement()) {
            try (ResultSet rows = statement.executeQuery("SELECT inventory_id, film_id FROM inventory WHERE store_id = 1 ORDER BY inventory_id")) {
                while (rows.next()) {
                    copies.add(rows.getInt(1));
                    films.add(rows.getInt(2));
                }
            }
            try (ResultSet rows = statement.executeQuery("SELECT customer_id FROM customer WHERE store_id = 1 AND activebool ORDER BY customer_id")) {
                while (rows.next()) {
                    customers.add(rows.getInt(1));
                }
            }
        }
        int perClient = settings.copiesPerClient();
        if (copies.size() < settings.clients() * perClient || customers.size() < settings.clients()) {
            throw new IllegalArgumentException("the sample has " + copies.size() + " copies and " + customers.size()
                    + " customers at store 1: too few for " + settings.clients() + " clients with " + perClient + " copies each");
        }
        List<ChaosClients.Counter> counters = new ArrayList<>();
        for (int c = 0; c < settings.clients(); c++) {
            counters.add(new ChaosClients.Counter(copies.subList(c * perClient, (c + 1) * perClient),
                    films.subList(c * perClient, (c + 1) * perClient), customers.get(c)));
        }
        return counters;
    }

    private Verdict verdict(List<Call> log, List<Disruption> disruptions, double seconds, long segmentsShared) throws Exception {
        Map<String, Map<Integer, Integer>> stored = new HashMap<>();
        Map<Integer, List<String>> copyHistory = new HashMap<>();
        try (Connection admin = platform.stack().adminDataSource().getConnection(); Statement statement = admin.createStatement();
             ResultSet events = statement.executeQuery("""
                     SELECT payload_type, convert_from(payload, 'UTF8')::jsonb AS body FROM events.domain_event_entry
                     WHERE payload_type IN ('%s', '%s', '%s') ORDER BY global_index""".formatted(RENTED, RETURNED, PAID))) {
            while (events.next()) {
                JsonNode body = JSON.readTree(events.getString("body"));
                String type = events.getString("payload_type");
                int id = type.equals(PAID) ? body.path("paymentId").asInt() : body.path("rentalId").asInt();
                stored.computeIfAbsent(type, t -> new HashMap<>()).merge(id, 1, Integer::sum);
                if (!type.equals(PAID)) {
                    copyHistory.computeIfAbsent(body.path("inventoryId").asInt(-1), c -> new ArrayList<>()).add(type);
                }
            }
        }
        Map<String, String> typeOf = Map.of("rent", RENTED, "return", RETURNED, "pay", PAID);
        List<Call> commands = log.stream().filter(Call::command).toList();
        long missing = commands.stream().filter(Call::acknowledged)
                .filter(call -> stored.getOrDefault(typeOf.get(call.kind()), Map.of()).getOrDefault(call.id(), 0) == 0).count();
        long twice = stored.values().stream().flatMap(counts -> counts.values().stream()).filter(count -> count > 1).count();
        long rentedTwice = copyHistory.values().stream().filter(ChaosRun::rentedWhileOut).count();
        long[] items = compareWithRebuild();
        return new Verdict(commands.size(), commands.stream().filter(Call::acknowledged).count(),
                commands.stream().filter(Call::unknown).count(), commands.size() / seconds, disruptions, missing, twice,
                rentedTwice, items[0], items[1], Duration.ofSeconds(10), segmentsShared);
    }

    /** A copy's rentals and returns in stream order: a rental while it was out is a double rental. */
    private static boolean rentedWhileOut(List<String> history) {
        boolean out = false;
        for (String type : history) {
            if (type.equals(RENTED) && out) {
                return true;
            }
            out = type.equals(RENTED);
        }
        return false;
    }

    /**
     * Rebuilds the read model into a new table (the blue/green rebuild, which switches only when no other instance
     * holds segments: the second query-side instance is stopped first) and compares it with the live one.
     *
     * @return the live table's items, and how many of them differ from the rebuilt table's (or are missing there), plus
     *         the rebuilt table's items the live one lacks
     */
    private long[] compareWithRebuild() throws Exception {
        for (int i = 1; i < platform.instances(); i++) {
            platform.stopQuerySide(i);
        }
        ApiSession operator = platform.operator();
        String live = operator.send("GET", platform.queryApi() + "/admin/read-model", null, Duration.ofSeconds(10))
                .as(ReadModelStatus.class).activeTable();
        ApiResponse started = operator.send("POST", platform.queryApi() + "/admin/read-model/rebuild", null, Duration.ofSeconds(30));
        if (started.status() != 202) {
            throw new IllegalStateException("the rebuild did not start: " + started.status() + " " + started.body());
        }
        String rebuilt = started.as(RebuildStatus.class).table();
        progress.accept("Rebuilding the read model into " + rebuilt + " to compare with " + live);
        Instant deadline = Instant.now().plusSeconds(600);
        String state;
        do {
            Thread.sleep(500);
            RebuildStatus rebuild = operator.send("GET", platform.queryApi() + "/admin/read-model", null,
                    Duration.ofSeconds(10)).as(ReadModelStatus.class).rebuild();
            state = rebuild == null || rebuild.state() == null ? "" : rebuild.state();
            if (state.equals("FAILED") || Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("the rebuild did not switch: " + rebuild);
            }
        } while (!state.equals("SWITCHED"));
        Map<String, Map<String, AttributeValue>> liveItems = scan(live);
        Map<String, Map<String, AttributeValue>> rebuiltItems = scan(rebuilt);
        Set<String> keys = new java.util.HashSet<>(liveItems.keySet());
        keys.addAll(rebuiltItems.keySet());
        List<String> differing = keys.stream().filter(key -> !java.util.Objects.equals(liveItems.get(key), rebuiltItems.get(key)))
                .sorted().toList();
        differing.stream().limit(5).forEach(key -> progress.accept("Differs: " + key + "\n  live:    " + liveItems.get(key)
                + "\n  rebuilt: " + rebuiltItems.get(key)));
        long differences = differing.size();
        return new long[] {liveItems.size(), differences};
    }

    private Map<String, Map<String, AttributeValue>> scan(String table) {
        try (DynamoDbClient dynamoDb = DynamoDbClients.create(platform.stack().dynamoDbSettings())) {
            return dynamoDb.scanPaginator(request -> request.tableName(table).consistentRead(true)).items().stream()
                    .collect(Collectors.toMap(item -> item.get("PK").s() + "|" + item.get("SK").s(), item -> item));
        }
    }

    @picocli.CommandLine.Command(name = "chaos", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Starts the platform as a cluster (two instances of each app behind HAProxy, the cache on a Redis",
                    "Cluster) on free ports in a data directory of its own, puts a clerks' load on it, kills a command-side",
                    "instance, a query-side instance and a Redis master with SIGKILL and starts each again, restarts every app",
                    "instance one at a time, then checks the clients' log against the event store and the read model against a",
                    "fresh rebuild. Prints what each disruption cost; exit code 1 when a check failed. Needs Debian's haproxy."})
    public static final class Command implements java.util.concurrent.Callable<Integer> {

        @picocli.CommandLine.Option(names = "--clients", paramLabel = "<n>", defaultValue = "16",
                description = "concurrent clerks (default ${DEFAULT-VALUE})")
        int clients;

        @picocli.CommandLine.Option(names = "--settle", paramLabel = "<seconds>", defaultValue = "10",
                description = "seconds of load before the first disruption and between two (default ${DEFAULT-VALUE})")
        int settle;

        @picocli.CommandLine.Option(names = "--pause", paramLabel = "<ms>", defaultValue = "0",
                description = "each clerk's pause between rounds, in milliseconds (default ${DEFAULT-VALUE}: none)")
        int pause;

        @picocli.CommandLine.Option(names = "--data-dir", paramLabel = "<dir>",
                description = "where the cluster keeps its data and logs (default: a new temporary directory, deleted after)")
        Path dataDirectory;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            if (clients < 1 || clients > 64) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--clients must be from 1 to 64, got " + clients);
            }
            if (settle < 1 || pause < 0) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                        settle < 1 ? "--settle must be at least 1 second" : "--pause cannot be negative");
            }
            Path directory = dataDirectory != null ? dataDirectory : Files.createTempDirectory("pagila-chaos-");
            try {
                Verdict verdict = run(Path.of("").toAbsolutePath(), directory,
                        new Settings(2, clients, 8, Duration.ofSeconds(settle), Duration.ofMillis(pause)), System.out::println);
                System.out.println();
                System.out.print(verdict.report());
                return verdict.passed() ? 0 : 1;
            } finally {
                if (dataDirectory == null) {
                    Directories.delete(directory);
                }
            }
        }

    }
}
