package dev.pagila.load;

import dev.pagila.client.ApiException;
import dev.pagila.client.ApiResponse;
import dev.pagila.client.ApiSession;
import dev.pagila.client.answer.CustomerRental;
import dev.pagila.stack.LocalPlatform;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;

import static dev.pagila.load.BenchmarkSupport.durability;
import static dev.pagila.load.BenchmarkSupport.percentileMillis;
import static dev.pagila.load.BenchmarkSupport.processCpuSeconds;

/**
 * How far behind the monolith a live migration follows, measured on a platform started with
 * {@code --follow-legacy}: rentals and returns committed in the legacy database with plain SQL at a steady rate,
 * each timed from its commit to its event appearing in the event store, and every tenth rental to the query API
 * listing it among its customer's rentals; then a burst committed as fast as four connections go, for the highest
 * rate the follower sustains beside the SQL load's own. It changes the legacy database as a shop would.
 */
public final class FollowBenchmark {

    private static final String TOOL = "bench-follow";
    private static final String RENTED = "dev.pagila.kernel.sales.FilmRentedEvent";
    private static final String RETURNED = "dev.pagila.kernel.sales.RentalReturnedEvent";

    private final String legacyUrl;
    private final String databaseUrl;
    private final QueryApiProbe queryApi;
    /** "rented 123" / "returned 123": when the change committed and was seen appended (ns). */
    private final Map<String, long[]> changes = new ConcurrentHashMap<>();
    /** Sampled rentals: rental id to {customer, committed, answered by the query API} (ns). */
    private final Map<Integer, long[]> sampled = new ConcurrentHashMap<>();
    private final AtomicBoolean watching = new AtomicBoolean(true);

    private FollowBenchmark(String legacyUrl, String databaseUrl, QueryApiProbe queryApi) {
        this.legacyUrl = legacyUrl;
        this.databaseUrl = databaseUrl;
        this.queryApi = queryApi;
    }

    @picocli.CommandLine.Command(name = "bench-follow", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Follow lag against ./run-local --follow-legacy, before cut-over: p50 and p99 of commit -> appended and",
                    "commit -> query API, the burst's SQL and follower rates, the legacy durability settings and this JVM's CPU."})
    public static final class Command implements java.util.concurrent.Callable<Integer> {

        @picocli.CommandLine.Option(names = "--legacy-url", paramLabel = "<jdbc url>",
                defaultValue = "jdbc:postgresql://localhost:15432/" + LocalPlatform.LEGACY_DATABASE,
                description = "the followed database, user postgres (default ${DEFAULT-VALUE})")
        String legacyUrl;

        @picocli.CommandLine.Option(names = "--database-url", paramLabel = "<jdbc url>", defaultValue = "jdbc:postgresql://localhost:15432/pagila",
                description = "the platform's PostgreSQL, watched for the appended events as postgres (default ${DEFAULT-VALUE})")
        String databaseUrl;

        @picocli.CommandLine.Option(names = "--query-url", paramLabel = "<url>", defaultValue = "http://localhost:8081",
                description = "the query API, asked for sampled rentals (default ${DEFAULT-VALUE})")
        String queryUrl;

        @picocli.CommandLine.Option(names = "--command-url", paramLabel = "<url>", defaultValue = "http://localhost:8080",
                description = "where Mike signs in to read customers' rentals (default ${DEFAULT-VALUE}; password from"
                        + " PAGILA_PASSWORD, else the sample's)")
        String commandUrl;

        @picocli.CommandLine.Option(names = "--rate", paramLabel = "<n>", defaultValue = "50",
                description = "rentals per second in the steady phase, and as many returns (default ${DEFAULT-VALUE})")
        int rate;

        @picocli.CommandLine.Option(names = "--seconds", paramLabel = "<n>", defaultValue = "20", description = "length of the steady phase (default ${DEFAULT-VALUE})")
        int seconds;

        @picocli.CommandLine.Option(names = "--burst", paramLabel = "<n>", defaultValue = "4000",
                description = "rentals committed as fast as 4 connections go (default ${DEFAULT-VALUE})")
        int burst;

        @Override
        public Integer call() throws Exception {
            if (rate < 1 || seconds < 1 || burst < 4) {
                System.err.println(TOOL + ": --rate and --seconds must be at least 1, --burst at least 4");
                return 2;
            }
            return new FollowBenchmark(legacyUrl, databaseUrl,
                    new QueryApiProbe(queryUrl, ApiSession.staff(commandUrl, ApiSession.SAMPLE_STAFF))).run(rate, seconds, burst);
        }
    }

    private int run(int rate, int seconds, int burst) throws Exception {
        System.out.println("Legacy database durability: " + durability(legacyUrl, "postgres", ""));
        System.out.println("Follower: Debezium embedded engine (pgoutput), one platform transaction per delivered batch");
        for (Runnable watch : new Runnable[] {this::watchEventStore, this::watchQueryApi}) {
            Thread watcher = new Thread(watch, "follow-watcher");
            watcher.setDaemon(true);
            watcher.start();
        }
        Deque<Integer> copies = copiesInStock(Math.max(burst, rate * 3));
        double cpuBefore = processCpuSeconds();
        long began = System.nanoTime();

        steady(rate, seconds, copies);
        awaitAllProjected();
        report(String.format("Steady: %d rentals/s and %d returns/s for %d s", rate, rate, seconds));

        changes.clear();
        sampled.clear();
        long burstStart = System.nanoTime();
        List<Thread> clients = new ArrayList<>();
        List<Integer> burstCopies = new ArrayList<>(copies);
        List<Integer> rented = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int client = 0; client < 4; client++) {
            List<Integer> mine = burstCopies.subList(client * burst / 4, (client + 1) * burst / 4);
            Thread thread = new Thread(() -> {
                try (Connection legacy = DriverManager.getConnection(legacyUrl, "postgres", "")) {
                    for (int copy : mine) {
                        rented.add(rent(legacy, copy));
                    }
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            clients.add(thread);
            thread.start();
        }
        for (Thread client : clients) {
            client.join();
        }
        long committed = System.nanoTime();
        awaitAllProjected();
        long lastAppended = changes.values().stream().mapToLong(times -> times[1]).max().orElse(committed);
        long lastAnswered = sampled.values().stream().mapToLong(times -> times[2]).max().orElse(committed);
        System.out.printf("Burst: %d rentals committed by 4 connections in %.2f s (%.0f/s, the SQL load's own rate);%n",
                burst, (committed - burstStart) / 1e9, burst / ((committed - burstStart) / 1e9));
        System.out.printf("  the follower appended them in %.2f s from the first commit (%.0f events/s); the query API listed"
                        + " the last sampled one after %.2f s%n",
                (lastAppended - burstStart) / 1e9, burst / ((lastAppended - burstStart) / 1e9), (lastAnswered - burstStart) / 1e9);
        try (Connection legacy = DriverManager.getConnection(legacyUrl, "postgres", "");
             PreparedStatement giveBack = legacy.prepareStatement("UPDATE rental SET return_date = now() WHERE rental_id = ANY (?)")) {
            giveBack.setArray(1, legacy.createArrayOf("integer", rented.toArray()));
            giveBack.executeUpdate(); // one transaction: the copies are back in stock for the next run
        }
        double cpu = processCpuSeconds() - cpuBefore;
        double elapsed = (System.nanoTime() - began) / 1e9;
        System.out.printf("Load generator and watcher CPU: %.1f s over %.1f s (%.2f cores)%n", cpu, elapsed, cpu / elapsed);
        watching.set(false);
        return 0;
    }

    /** Each tick rents a copy and returns the one rented a second earlier, as a shop's counter would. */
    private void steady(int rate, int seconds, Deque<Integer> copies) throws Exception {
        Deque<int[]> out = new ArrayDeque<>(); // rental id, copy
        long interval = 1_000_000_000L / rate;
        long start = System.nanoTime();
        try (Connection legacy = DriverManager.getConnection(legacyUrl, "postgres", "");
             PreparedStatement giveBack = legacy.prepareStatement("UPDATE rental SET return_date = now() WHERE rental_id = ?")) {
            for (long tick = 0; tick < (long) rate * seconds; tick++) {
                long due = start + tick * interval;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
                int copy = copies.removeFirst();
                out.addLast(new int[] {rent(legacy, copy), copy});
                if (out.size() > rate) {
                    int[] returning = out.removeFirst();
                    giveBack.setInt(1, returning[0]);
                    giveBack.executeUpdate();
                    changes.put("returned " + returning[0], new long[] {System.nanoTime(), 0});
                    copies.addLast(returning[1]);
                }
            }
            for (int[] returning : out) {
                giveBack.setInt(1, returning[0]);
                giveBack.executeUpdate();
                changes.put("returned " + returning[0], new long[] {System.nanoTime(), 0});
                copies.addLast(returning[1]);
            }
        }
    }

    private int rent(Connection legacy, int copy) throws SQLException {
        try (PreparedStatement insert = legacy.prepareStatement("INSERT INTO rental (rental_date, inventory_id, customer_id,"
                + " staff_id) VALUES (now(), ?, ?, 1) RETURNING rental_id")) {
            int customer = ThreadLocalRandom.current().nextInt(1, 600);
            insert.setInt(1, copy);
            insert.setInt(2, customer);
            try (ResultSet id = insert.executeQuery()) {
                id.next();
                int rental = id.getInt(1);
                long committed = System.nanoTime();
                changes.putIfAbsent("rented " + rental, new long[] {committed, 0});
                if (rental % 10 == 0) {
                    sampled.put(rental, new long[] {customer, committed, 0});
                }
                return rental;
            }
        }
    }

    /** Polls the event store for the followed rentals and returns. */
    private void watchEventStore() {
        try (Connection platform = DriverManager.getConnection(databaseUrl, "postgres", "");
             PreparedStatement head = platform.prepareStatement("SELECT coalesce(max(global_index), 0) FROM events.domain_event_entry");
             PreparedStatement appended = platform.prepareStatement("""
                     SELECT global_index, payload_type, convert_from(payload, 'UTF8')::jsonb ->> 'rentalId'
                     FROM events.domain_event_entry WHERE global_index > ? AND payload_type IN (?, ?) ORDER BY global_index""")) {
            long after;
            try (ResultSet start = head.executeQuery()) {
                start.next();
                after = start.getLong(1);
            }
            while (watching.get()) {
                appended.setLong(1, after);
                appended.setString(2, RENTED);
                appended.setString(3, RETURNED);
                long now = System.nanoTime();
                try (ResultSet rows = appended.executeQuery()) {
                    while (rows.next()) {
                        after = rows.getLong(1);
                        long[] times = changes.get((rows.getString(2).equals(RENTED) ? "rented " : "returned ") + rows.getString(3));
                        if (times != null && times[1] == 0) {
                            times[1] = now;
                        }
                    }
                }
                Thread.sleep(10);
            }
        } catch (SQLException | InterruptedException e) {
            if (watching.get()) {
                System.err.println(TOOL + ": watching the event store failed: " + e.getMessage());
            }
        }
    }

    /** Asks the query API for each sampled rental's customer's rentals until the rental is listed. */
    private void watchQueryApi() {
        while (watching.get()) {
            sampled.forEach((rental, times) -> {
                if (times[2] == 0 && queryApi.listsRental((int) times[0], rental)) {
                    times[2] = System.nanoTime();
                }
            });
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void awaitAllProjected() throws InterruptedException {
        long deadline = System.nanoTime() + 300_000_000_000L;
        while (changes.values().stream().anyMatch(times -> times[1] == 0) || sampled.values().stream().anyMatch(times -> times[2] == 0)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the follower did not bring every change within 5 minutes");
            }
            Thread.sleep(50);
        }
    }

    private void report(String phase) {
        long[] appended = changes.values().stream().mapToLong(times -> times[1] - times[0]).sorted().toArray();
        long[] projected = sampled.values().stream().mapToLong(times -> times[2] - times[1]).sorted().toArray();
        System.out.println(phase + ", " + appended.length + " changes, " + projected.length + " rentals sampled at the query API:");
        System.out.printf("  commit -> event appended:   p50 %7.1f ms  p99 %7.1f ms  max %7.1f ms%n", percentileMillis(appended, 50),
                percentileMillis(appended, 99), appended.length == 0 ? 0 : appended[appended.length - 1] / 1e6);
        System.out.printf("  commit -> query API lists:  p50 %7.1f ms  p99 %7.1f ms  max %7.1f ms%n", percentileMillis(projected, 50),
                percentileMillis(projected, 99), projected.length == 0 ? 0 : projected[projected.length - 1] / 1e6);
    }

    private Deque<Integer> copiesInStock(int wanted) throws SQLException {
        Deque<Integer> copies = new ArrayDeque<>();
        try (Connection legacy = DriverManager.getConnection(legacyUrl, "postgres", "");
             PreparedStatement select = legacy.prepareStatement("""
                     SELECT i.inventory_id FROM inventory i
                     WHERE NOT EXISTS (SELECT 1 FROM rental r WHERE r.inventory_id = i.inventory_id AND r.return_date IS NULL)
                     ORDER BY random() LIMIT ?""")) {
            select.setInt(1, wanted);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    copies.add(rows.getInt(1));
                }
            }
        }
        if (copies.size() < wanted) {
            throw new IllegalStateException("only " + copies.size() + " copies are in stock in the legacy database, " + wanted + " wanted");
        }
        return copies;
    }

    /** The query API as a clerk reads it: a customer's rentals. */
    private static final class QueryApiProbe {

        private final String queryUrl;
        private final ApiSession clerk;

        QueryApiProbe(String queryUrl, ApiSession clerk) {
            this.queryUrl = queryUrl;
            this.clerk = clerk;
        }

        boolean listsRental(int customer, int rental) {
            try {
                ApiResponse response = clerk.get(queryUrl + "/api/customers/" + customer + "/rentals");
                return response.status() == 200 && response.pageOf(CustomerRental.class).items().stream()
                        .anyMatch(listed -> listed.rentalId() == rental);
            } catch (java.io.IOException | ApiException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }
}
