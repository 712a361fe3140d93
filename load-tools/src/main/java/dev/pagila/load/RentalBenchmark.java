package dev.pagila.load;

import dev.pagila.client.LeanHttpClient;
import dev.pagila.stack.LocalPlatform;
import dev.pagila.stack.LocalStackException;
import dev.pagila.client.ApiSession;
import dev.pagila.client.answer.CommandReceipt;
import dev.pagila.client.answer.RentalReceipt;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static dev.pagila.load.BenchmarkSupport.mergeSorted;
import static dev.pagila.load.BenchmarkSupport.percentileMillis;

/**
 * Rentals through the command API of a running platform, beside the monolith's own rental transaction on the
 * same PostgreSQL server, with the same clients and durability. Four phases:
 * <ol>
 *   <li>rent-only: fresh copies of film 1 (added first), each rented once;</li>
 *   <li>rent/return cycles: each client rents and returns its own few copies in turn;</li>
 *   <li>and 4. the same two loads as Pagila's SQL ({@code inventory_in_stock} and {@code INSERT INTO rental},
 *   {@code UPDATE rental SET return_date}) on the legacy database the local run keeps, whose added rows are
 *   deleted afterwards so that the parity check still compares the imported sample.</li>
 * </ol>
 */
public final class RentalBenchmark {

    private static final String TOOL = "bench-rentals";
    private static final List<String> PHASES = List.of("ours-rent", "ours-cycle", "monolith-rent", "monolith-cycle");

    private final ThreadLocal<LeanHttpClient> connection;
    private final String commandApi;
    private final ApiSession clerk;
    private final String legacyUrl;
    private final int clients;

    private RentalBenchmark(String commandApi, ApiSession clerk, String legacyUrl, int clients) {
        this.commandApi = commandApi;
        this.connection = ThreadLocal.withInitial(() -> new LeanHttpClient(URI.create(commandApi)));
        this.clerk = clerk;
        this.legacyUrl = legacyUrl;
        this.clients = clients;
    }

    /** One measured phase: what was done, in how long, how fast each was answered. */
    private record Phase(String name, long count, double seconds, long[] sorted, long failures, double generatorCpu) {

        double perSecond() {
            return count / seconds;
        }

        String row() {
            return String.format("%-44s %,8d %8.1f %,9.0f %8.1f %8.1f %8d %8.2f", name, count, seconds, perSecond(),
                    percentileMillis(sorted, 50), percentileMillis(sorted, 99), failures, generatorCpu / seconds);
        }
    }

    @picocli.CommandLine.Command(name = "bench-rentals", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Rentals through the command API beside the monolith's own rental transaction on the same PostgreSQL",
                    "server. Prints throughput, p50 and p99 per phase, the ratios, the durability settings and this JVM's CPU."})
    public static final class Command implements java.util.concurrent.Callable<Integer> {

        @picocli.CommandLine.Option(names = "--command-url", paramLabel = "<url>", defaultValue = "http://localhost:8080",
                description = "the command API (default ${DEFAULT-VALUE}); signs in as --user")
        String commandUrl;

        @picocli.CommandLine.Option(names = "--user", paramLabel = "<staff username>", defaultValue = ApiSession.SAMPLE_STAFF,
                description = "the clerk (default ${DEFAULT-VALUE}; password from PAGILA_PASSWORD, else the sample's)")
        String user;

        @picocli.CommandLine.Option(names = "--database-url", paramLabel = "<jdbc url>", defaultValue = "jdbc:postgresql://localhost:15432/pagila",
                description = "the platform's PostgreSQL, read as the command side's role for its durability settings (default ${DEFAULT-VALUE})")
        String databaseUrl;

        @picocli.CommandLine.Option(names = "--legacy-url", paramLabel = "<jdbc url>",
                defaultValue = "jdbc:postgresql://localhost:15432/" + LocalPlatform.LEGACY_DATABASE,
                description = "the monolith's database on the same server, user postgres (default ${DEFAULT-VALUE}); not while it is followed")
        String legacyUrl;

        @picocli.CommandLine.Option(names = "--clients", paramLabel = "<n>", defaultValue = "16", description = "concurrent clients (default ${DEFAULT-VALUE})")
        int clients;

        @picocli.CommandLine.Option(names = "--rentals", paramLabel = "<n>", defaultValue = "3000",
                description = "rentals in the rent-only phases (default ${DEFAULT-VALUE})")
        int rentals;

        @picocli.CommandLine.Option(names = "--seconds", paramLabel = "<n>", defaultValue = "20",
                description = "measured seconds of the rent/return phases, after 5 s of warm-up (default ${DEFAULT-VALUE})")
        int seconds;

        @picocli.CommandLine.Option(names = "--copies-per-client", paramLabel = "<n>", defaultValue = "4",
                description = "copies each client cycles through (default ${DEFAULT-VALUE})")
        int copiesPerClient;

        @picocli.CommandLine.Option(names = "--phases", paramLabel = "<list>", split = ",",
                defaultValue = "ours-rent,ours-cycle,monolith-rent,monolith-cycle", description = "any of ${DEFAULT-VALUE}")
        List<String> phases;

        @Override
        public Integer call() throws Exception {
            if (clients < 1 || rentals < 1 || seconds < 1 || copiesPerClient < 1) {
                System.err.println(TOOL + ": --clients, --rentals, --seconds and --copies-per-client must be at least 1");
                return 2;
            }
            if (!PHASES.containsAll(phases)) {
                System.err.println(TOOL + ": --phases takes any of " + PHASES + ", got " + phases);
                return 2;
            }
            return run(commandUrl.replaceAll("/+$", ""), user, databaseUrl, legacyUrl, clients, rentals, seconds,
                    copiesPerClient, phases);
        }
    }

    /** @return the exit code: 0 when it ran, 2 when it could not */
    static int run(String commandApi, String user, String databaseUrl, String legacyUrl, int clients, int rentals,
                           int seconds, int copiesPerClient, List<String> phases) throws Exception {
        RentalBenchmark benchmark = new RentalBenchmark(commandApi,
                ApiSession.staff(commandApi, user), legacyUrl, clients);
        System.out.printf("Rental benchmark: %d clients, %,d rentals per rent-only phase, %d s per cycle phase; %d cores, Java %s%n",
                clients, rentals, seconds, Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
        System.out.println("Platform durability (pagila_command): "
                + BenchmarkSupport.durability(databaseUrl, "pagila_command", "pagila_command"));
        System.out.println("Monolith durability (postgres):       " + BenchmarkSupport.durability(legacyUrl, "postgres", ""));
        System.out.println("Reproduce: java -jar cli/target/pagila-exec.jar " + TOOL + " --command-url=" + commandApi
                + " --clients=" + clients + " --rentals=" + rentals + " --seconds=" + seconds + " --copies-per-client="
                + copiesPerClient + " --phases=" + String.join(",", phases));
        List<Phase> results = new ArrayList<>();
        try {
            if (phases.contains("ours-rent")) {
                results.add(benchmark.oursRentOnly(rentals));
            }
            if (phases.contains("ours-cycle")) {
                results.add(benchmark.oursCycle(Duration.ofSeconds(seconds), copiesPerClient));
            }
            if (phases.contains("monolith-rent")) {
                results.add(benchmark.monolithRentOnly(rentals));
            }
            if (phases.contains("monolith-cycle")) {
                results.add(benchmark.monolithCycle(Duration.ofSeconds(seconds), copiesPerClient));
            }
        } catch (LocalStackException | ApiSession.SignInException e) {
            System.err.println(TOOL + ": " + e.getMessage());
            return 2;
        }
        System.out.println();
        System.out.printf("%-44s %8s %8s %9s %8s %8s %8s %8s%n", "phase", "count", "seconds", "per s", "p50 ms", "p99 ms",
                "failed", "gen CPU");
        results.forEach(phase -> System.out.println(phase.row()));
        ratio(results, "ours: rentals", "monolith: rentals");
        ratio(results, "ours: rent/return (rentals)", "monolith: rent/return (rentals)");
        System.out.println("(gen CPU: cores this load generator used while measuring)");
        return 0;
    }

    private static void ratio(List<Phase> results, String ours, String monolith) {
        Phase a = results.stream().filter(phase -> phase.name().equals(ours)).findFirst().orElse(null);
        Phase b = results.stream().filter(phase -> phase.name().equals(monolith)).findFirst().orElse(null);
        if (a != null && b != null) {
            System.out.printf("%s / %s: %.2f of the monolith's throughput%n", ours, monolith, a.perSecond() / b.perSecond());
        }
    }

    private Phase oursRentOnly(int rentals) throws Exception {
        System.out.printf("ours: adding %,d copies of film 1 to store 1...%n", rentals);
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<Integer>> added = new ArrayList<>();
            for (int i = 0; i < rentals; i++) {
                added.add(pool.submit(() -> post("/api/inventory", "{\"filmId\": 1, \"storeId\": 1}", 201).id()));
            }
            BlockingQueue<Integer> copies = new ArrayBlockingQueue<>(rentals);
            for (Future<Integer> copy : added) {
                copies.add(copy.get());
            }
            System.out.println("ours: renting each copy once...");
            return drain("ours: rentals", copies, copy -> send("/api/rentals", "{\"inventoryId\": " + copy
                    + ", \"customerId\": " + (1 + copy % 599) + "}").status() == 201);
        } finally {
            pool.shutdownNow();
        }
    }

    private Phase oursCycle(Duration duration, int copiesPerClient) throws Exception {
        System.out.printf("ours: adding %d copies of film 1 to store 1, 5 s warm-up, %d s of rent/return...%n",
                clients * copiesPerClient, duration.toSeconds());
        List<int[]> copies = new ArrayList<>();
        for (int client = 0; client < clients; client++) {
            int[] own = new int[copiesPerClient];
            for (int i = 0; i < copiesPerClient; i++) {
                own[i] = post("/api/inventory", "{\"filmId\": 1, \"storeId\": 1}", 201).id();
            }
            copies.add(own);
        }
        Cycle cycle = (client, copy) -> {
            LeanHttpClient.Response rented = send("/api/rentals", "{\"inventoryId\": " + copy + ", \"customerId\": " + (1 + client) + "}");
            if (rented.status() != 201) {
                return false;
            }
            int rental = rented.as(RentalReceipt.class).rentalId();
            return send("/api/rentals/" + rental + "/return", null).status() == 200;
        };
        cycle("warm-up", copies, Duration.ofSeconds(5), cycle);
        return cycle("ours: rent/return (rentals)", copies, duration, cycle);
    }

    /** Pagila's rental as the monolith runs it: one transaction checking the copy is in and inserting the rental. */
    private Phase monolithRentOnly(int rentals) throws Exception {
        System.out.printf("monolith: adding %,d copies of film 1 to store 1 in %s...%n", rentals, legacyUrl);
        List<Connection> connections = connect();
        Cleanup cleanup = new Cleanup(connections.get(0));
        try {
            BlockingQueue<Integer> copies = new ArrayBlockingQueue<>(rentals);
            copies.addAll(addLegacyCopies(connections.get(0), rentals));
            BlockingQueue<Connection> free = new ArrayBlockingQueue<>(clients, false, connections);
            System.out.println("monolith: renting each copy once...");
            return drain("monolith: rentals", copies, copy -> {
                Connection connection = free.take();
                try {
                    return legacyRent(connection, copy, 1 + copy % 599) > 0;
                } finally {
                    free.add(connection);
                }
            });
        } finally {
            cleanup.run();
            closeAll(connections);
        }
    }

    private Phase monolithCycle(Duration duration, int copiesPerClient) throws Exception {
        System.out.printf("monolith: adding %d copies, 5 s warm-up, %d s of rent/return...%n", clients * copiesPerClient,
                duration.toSeconds());
        List<Connection> connections = connect();
        Cleanup cleanup = new Cleanup(connections.get(0));
        try {
            List<Integer> added = addLegacyCopies(connections.get(0), clients * copiesPerClient);
            List<int[]> copies = new ArrayList<>();
            for (int client = 0; client < clients; client++) {
                copies.add(added.subList(client * copiesPerClient, (client + 1) * copiesPerClient).stream()
                        .mapToInt(Integer::intValue).toArray());
            }
            Cycle cycle = (client, copy) -> {
                Connection connection = connections.get(client);
                int rental = legacyRent(connection, copy, 1 + client);
                if (rental <= 0) {
                    return false;
                }
                try (PreparedStatement returned = connection.prepareStatement(
                        "UPDATE rental SET return_date = now() WHERE rental_id = ? AND return_date IS NULL")) {
                    returned.setInt(1, rental);
                    return returned.executeUpdate() == 1;
                }
            };
            cycle("warm-up", copies, Duration.ofSeconds(5), cycle);
            return cycle("monolith: rent/return (rentals)", copies, duration, cycle);
        } finally {
            cleanup.run();
            closeAll(connections);
        }
    }

    /** {@code inventory_in_stock} then {@code INSERT INTO rental}, committed; the new rental id, or 0 if the copy was out. */
    private static int legacyRent(Connection connection, int copy, int customer) throws SQLException {
        connection.setAutoCommit(false);
        try (PreparedStatement inStock = connection.prepareStatement("SELECT inventory_in_stock(?)");
             PreparedStatement rent = connection.prepareStatement(
                     "INSERT INTO rental (rental_date, inventory_id, customer_id, staff_id) VALUES (now(), ?, ?, 1) RETURNING rental_id")) {
            inStock.setInt(1, copy);
            try (ResultSet in = inStock.executeQuery()) {
                if (!in.next() || !in.getBoolean(1)) {
                    connection.rollback();
                    return 0;
                }
            }
            rent.setInt(1, copy);
            rent.setInt(2, customer);
            try (ResultSet id = rent.executeQuery()) {
                id.next();
                int rental = id.getInt(1);
                connection.commit();
                return rental;
            }
        } catch (SQLException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
    }

    private static List<Integer> addLegacyCopies(Connection connection, int count) throws SQLException {
        List<Integer> copies = new ArrayList<>();
        try (PreparedStatement add = connection.prepareStatement(
                "INSERT INTO inventory (film_id, store_id) SELECT 1, 1 FROM generate_series(1, ?) RETURNING inventory_id")) {
            add.setInt(1, count);
            try (ResultSet ids = add.executeQuery()) {
                while (ids.next()) {
                    copies.add(ids.getInt(1));
                }
            }
        }
        return copies;
    }

    /** Deletes what a monolith phase added, so the legacy database is the imported sample again. */
    private static final class Cleanup {
        private final Connection connection;
        private final long lastRental;
        private final long lastCopy;

        Cleanup(Connection connection) throws SQLException {
            this.connection = connection;
            try (Statement statement = connection.createStatement();
                 ResultSet last = statement.executeQuery("SELECT (SELECT max(rental_id) FROM rental), (SELECT max(inventory_id) FROM inventory)")) {
                last.next();
                lastRental = last.getLong(1);
                lastCopy = last.getLong(2);
            }
        }

        void run() throws SQLException {
            try (PreparedStatement rentals = connection.prepareStatement("DELETE FROM rental WHERE rental_id > ?");
                 PreparedStatement copies = connection.prepareStatement("DELETE FROM inventory WHERE inventory_id > ?")) {
                rentals.setLong(1, lastRental);
                rentals.executeUpdate();
                copies.setLong(1, lastCopy);
                copies.executeUpdate();
            }
        }
    }

    private List<Connection> connect() {
        List<Connection> connections = new ArrayList<>();
        try {
            for (int i = 0; i < clients; i++) {
                connections.add(DriverManager.getConnection(legacyUrl, "postgres", ""));
            }
            return connections;
        } catch (SQLException e) {
            closeAll(connections);
            throw new LocalStackException("connecting to the monolith's database at " + legacyUrl + " failed: " + e.getMessage(), e);
        }
    }

    private static void closeAll(List<Connection> connections) {
        for (Connection connection : connections) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // closing after the measurement; nothing left to report
            }
        }
    }

    @FunctionalInterface
    private interface Step {
        boolean run(int copy) throws Exception;
    }

    @FunctionalInterface
    private interface Cycle {
        boolean run(int client, int copy) throws Exception;
    }

    /** A client's next piece of work: whether it succeeded, or null when the client has none left. */
    @FunctionalInterface
    private interface Work {
        Boolean next(int client, int turn) throws Exception;
    }

    /** Every client takes copies from the queue until it is empty; one step per copy. */
    private Phase drain(String name, BlockingQueue<Integer> copies, Step step) throws Exception {
        return measure(name, Long.MAX_VALUE, (client, turn) -> {
            Integer copy = copies.poll();
            return copy == null ? null : step.run(copy);
        });
    }

    /** Each client rents and returns its own copies in turn for {@code duration}; latency is of the rent/return pair. */
    private Phase cycle(String name, List<int[]> copies, Duration duration, Cycle cycle) throws Exception {
        return measure(name, System.nanoTime() + duration.toNanos(),
                (client, turn) -> cycle.run(client, copies.get(client)[turn % copies.get(client).length]));
    }

    /** Runs every client's work until it has none left or the deadline passes; latencies of the successes only. */
    private Phase measure(String name, long deadline, Work work) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        AtomicLong failures = new AtomicLong();
        AtomicReference<String> firstFailure = new AtomicReference<>();
        double cpuBefore = BenchmarkSupport.processCpuSeconds();
        long started = System.nanoTime();
        try {
            List<Future<long[]>> running = new ArrayList<>();
            for (int client = 0; client < clients; client++) {
                int me = client;
                running.add(pool.submit(() -> {
                    long[] latencies = new long[1024];
                    int count = 0;
                    for (int turn = 0; System.nanoTime() < deadline; turn++) {
                        long sent = System.nanoTime();
                        Boolean ok;
                        try {
                            ok = work.next(me, turn);
                        } catch (Exception e) {
                            firstFailure.compareAndSet(null, e.toString());
                            ok = false;
                        }
                        if (ok == null) {
                            break;
                        }
                        if (!ok) {
                            failures.incrementAndGet();
                            continue;
                        }
                        if (count == latencies.length) {
                            latencies = Arrays.copyOf(latencies, count * 2);
                        }
                        latencies[count++] = System.nanoTime() - sent;
                    }
                    return Arrays.copyOf(latencies, count);
                }));
            }
            List<long[]> latencies = new ArrayList<>();
            for (Future<long[]> client : running) {
                latencies.add(client.get());
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            if (firstFailure.get() != null) {
                System.out.println("  first failure: " + firstFailure.get());
            }
            long[] sorted = mergeSorted(latencies);
            return new Phase(name, sorted.length, seconds, sorted, failures.get(), BenchmarkSupport.processCpuSeconds() - cpuBefore);
        } finally {
            pool.shutdownNow();
        }
    }

    private CommandReceipt post(String path, String body, int expected) throws Exception {
        LeanHttpClient.Response response = send(path, body);
        if (response.status() != expected) {
            throw new LocalStackException(path + " answered " + response.status() + ": " + response.body());
        }
        return response.as(CommandReceipt.class);
    }

    /** A POST on this client thread's own kept-alive connection. */
    private LeanHttpClient.Response send(String path, String body) throws Exception {
        return connection.get().send("POST", path, Map.of("Authorization", clerk.authorization()), body);
    }
}
