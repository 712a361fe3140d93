package dev.pagila.load;

import dev.pagila.client.LeanHttpClient;
import dev.pagila.parity.LegacyPasswordOptions;
import dev.pagila.stack.LocalPlatform;
import dev.pagila.stack.LocalStackException;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static dev.pagila.load.BenchmarkSupport.mergeSorted;
import static dev.pagila.load.BenchmarkSupport.percentileMillis;

/**
 * The question "tell me about film N" under load, asked three ways back to back with the same clients:
 * <ol>
 *   <li>the query API's film detail, answered from Redis (every film is requested once first, to warm it);</li>
 *   <li>the same with {@code Cache-Control: no-cache}, answered from DynamoDB;</li>
 *   <li>the legacy answer, {@code SELECT * FROM film_list WHERE fid = ?} in PostgreSQL, one connection per client.</li>
 * </ol>
 * <pre>java -jar cli/target/pagila-exec.jar bench-queries --clients=32 --seconds=20</pre>
 */
public final class QueryBenchmark {

    private final ThreadLocal<LeanHttpClient> connection;
    private final Settings settings;

    private QueryBenchmark(Settings settings) {
        this.settings = settings;
        this.connection = ThreadLocal.withInitial(() -> new LeanHttpClient(URI.create(settings.queryUrl())));
    }

    record Settings(String queryUrl, String legacyUrl, String legacyUser, String legacyPassword, int clients, int seconds,
                    int films, int warmupSeconds) {

        /** The command that runs this benchmark again with these settings (a password as the file that holds it). */
        String command() {
            return "java -jar cli/target/pagila-exec.jar bench-queries --query-url=" + queryUrl + " --legacy-url="
                    + legacyUrl + " --legacy-user=" + legacyUser + (legacyPassword.isEmpty() ? "" : " --legacy-password-file=<path>")
                    + " --clients=" + clients + " --seconds=" + seconds + " --films=" + films + " --warmup-seconds=" + warmupSeconds;
        }
    }

    /** One client's way of asking for a film; false or an exception is an error. */
    @FunctionalInterface
    private interface Reader {
        boolean read(int filmId) throws Exception;
    }

    private record Phase(String name, long requests, long errors, String firstError, double seconds, long[] sortedLatencies,
                         double generatorCores) {

        double perSecond() {
            return requests / seconds;
        }

        String row() {
            return String.format("%-50s %,10d %,10.0f %8.2f %8.2f %,8d %8.2f", name, requests, perSecond(),
                    percentileMillis(sortedLatencies, 50), percentileMillis(sortedLatencies, 99), errors, generatorCores);
        }
    }

    @picocli.CommandLine.Command(name = "bench-queries", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Film detail from Redis, from DynamoDB, the legacy film_list per film, and the app's HTTP floor, side by side.")
    public static final class Command implements java.util.concurrent.Callable<Integer> {

        @picocli.CommandLine.Option(names = "--query-url", paramLabel = "<url>", defaultValue = "http://localhost:8081",
                description = "the query API (default ${DEFAULT-VALUE})")
        String queryUrl;

        @picocli.CommandLine.Option(names = "--legacy-url", paramLabel = "<jdbc url>",
                defaultValue = "jdbc:postgresql://localhost:15432/" + LocalPlatform.LEGACY_DATABASE,
                description = "the monolith's database (default ${DEFAULT-VALUE})")
        String legacyUrl;

        @picocli.CommandLine.Option(names = "--legacy-user", paramLabel = "<name>", defaultValue = "postgres", description = "its user (default ${DEFAULT-VALUE})")
        String legacyUser;

        @picocli.CommandLine.Mixin
        LegacyPasswordOptions legacyPassword;

        @picocli.CommandLine.Option(names = "--clients", paramLabel = "<n>", defaultValue = "32",
                description = "concurrent clients, each with its own connection (default ${DEFAULT-VALUE})")
        int clients;

        @picocli.CommandLine.Option(names = "--seconds", paramLabel = "<n>", defaultValue = "20", description = "measured seconds per phase (default ${DEFAULT-VALUE})")
        int seconds;

        @picocli.CommandLine.Option(names = "--warmup-seconds", paramLabel = "<n>", defaultValue = "3",
                description = "unrecorded seconds before each phase (default ${DEFAULT-VALUE})")
        int warmupSeconds;

        @picocli.CommandLine.Option(names = "--films", paramLabel = "<n>", defaultValue = "1000",
                description = "film ids asked for, 1..n at random (default ${DEFAULT-VALUE})")
        int films;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            String password = legacyPassword.password(spec.commandLine());
            if (clients < 1 || seconds < 1 || films < 1 || warmupSeconds < 0) {
                System.err.println("bench-queries: --clients, --seconds and --films must be at least 1, --warmup-seconds at least 0");
                return 2;
            }
            Settings settings = new Settings(queryUrl.replaceAll("/+$", ""), legacyUrl, legacyUser, password, clients,
                    seconds, films, warmupSeconds);
            try {
                new QueryBenchmark(settings).run();
                return 0;
            } catch (LocalStackException e) {
                System.err.println("bench-queries: " + e.getMessage());
                return 2;
            }
        }
    }

    private void run() throws Exception {
        System.out.printf("Query benchmark: %d clients, %d s per phase after %d s of warm-up, film ids 1..%d; %d cores, Java %s%n",
                settings.clients(), settings.seconds(), settings.warmupSeconds(), settings.films(),
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
        System.out.println("Reproduce: " + settings.command());
        System.out.println();

        // connected first, so a wrong --legacy-url fails before the HTTP phases rather than after them
        List<Connection> connections = openConnections();
        try {
            warmCache();
            List<Phase> phases = new ArrayList<>();
            phases.add(measure("(a) GET /api/films/{id} from Redis", httpReaders(false)));
            phases.add(measure("(b) same with Cache-Control: no-cache (DynamoDB)", httpReaders(true)));
            phases.add(measure("(c) SELECT * FROM film_list WHERE fid = ?", jdbcReaders(connections)));
            phases.add(measure("(d) GET /actuator/info, the app's HTTP floor", floorReaders()));
            printTable(phases);
            System.out.printf("(a) / (c): %.2f   (a) / (d): %.2f   (b) / (c): %.2f%n", phases.get(0).perSecond() / phases.get(2).perSecond(),
                    phases.get(0).perSecond() / phases.get(3).perSecond(), phases.get(1).perSecond() / phases.get(2).perSecond());
            System.out.println("(gen CPU: cores this load generator used while measuring; the legacy phase's includes the JDBC driver)");
        } finally {
            for (Connection connection : connections) {
                connection.close();
            }
        }
    }

    private static void printTable(List<Phase> phases) {
        System.out.println();
        System.out.printf("%-50s %10s %10s %8s %8s %8s %8s%n", "phase", "requests", "req/s", "p50 ms", "p99 ms", "errors", "gen CPU");
        phases.forEach(phase -> System.out.println(phase.row()));
        phases.stream().filter(phase -> phase.firstError() != null)
                .forEach(phase -> System.out.println("first error in " + phase.name() + ": " + phase.firstError()));
    }

    /** Requests every film once, so phase (a) measures cache hits rather than the first reads that fill Redis. */
    private void warmCache() throws Exception {
        System.out.printf("Warming the cache: GET /api/films/1..%d once each...%n", settings.films());
        ExecutorService pool = Executors.newFixedThreadPool(settings.clients());
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            for (int film = 1; film <= settings.films(); film++) {
                int id = film;
                answers.add(pool.submit(() -> get(id, false).status()));
            }
            long notOk = 0;
            for (Future<Integer> answer : answers) {
                notOk += answer.get() == 200 ? 0 : 1;
            }
            if (notOk > 0) {
                System.out.printf("  %,d of %,d films did not answer 200: they count as errors below%n", notOk, settings.films());
            }
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ConnectException) {
                throw new LocalStackException("the query API at " + settings.queryUrl() + " is unreachable (connection refused)");
            }
            throw e;
        } finally {
            pool.shutdownNow();
        }
    }

    /** The cheapest answer the app gives through the same stack (Tomcat, security filters, Spring MVC, Jackson). */
    private List<Reader> floorReaders() {
        List<Reader> readers = new ArrayList<>();
        for (int client = 0; client < settings.clients(); client++) {
            readers.add(film -> connection.get().send("GET", "/actuator/info", Map.of(), null).status() == 200);
        }
        return readers;
    }

    private List<Reader> httpReaders(boolean noCache) {
        List<Reader> readers = new ArrayList<>();
        for (int client = 0; client < settings.clients(); client++) {
            readers.add(film -> get(film, noCache).status() == 200);
        }
        return readers;
    }

    /** The body is read in full, as a client would, but not parsed: parsing would be the client's cost. */
    private LeanHttpClient.Response get(int film, boolean noCache) throws IOException {
        return connection.get().send("GET", "/api/films/" + film, noCache ? Map.of("Cache-Control", "no-cache") : Map.of(), null);
    }

    private List<Connection> openConnections() {
        List<Connection> connections = new ArrayList<>();
        try {
            for (int client = 0; client < settings.clients(); client++) {
                connections.add(DriverManager.getConnection(settings.legacyUrl(), settings.legacyUser(), settings.legacyPassword()));
            }
            return connections;
        } catch (SQLException e) {
            connections.forEach(connection -> {
                try {
                    connection.close();
                } catch (SQLException ignored) {
                    // already failing; the first error is the one to report
                }
            });
            throw new LocalStackException("connecting to the legacy database at " + settings.legacyUrl() + " failed: "
                    + e.getMessage(), e);
        }
    }

    /** One prepared statement per connection, every column of every row read, as the API reads its whole item. */
    private static List<Reader> jdbcReaders(List<Connection> connections) throws SQLException {
        List<Reader> readers = new ArrayList<>();
        for (Connection connection : connections) {
            PreparedStatement statement = connection.prepareStatement("SELECT * FROM film_list WHERE fid = ?");
            readers.add(film -> {
                statement.setInt(1, film);
                try (ResultSet rows = statement.executeQuery()) {
                    int columns = rows.getMetaData().getColumnCount();
                    while (rows.next()) {
                        for (int column = 1; column <= columns; column++) {
                            rows.getString(column);
                        }
                    }
                }
                return true;
            });
        }
        return readers;
    }

    /**
     * All clients start together, read random films for the warm-up unrecorded, then for the measured seconds;
     * latencies are kept for answered reads only, and throughput is over the measured wall time.
     */
    private Phase measure(String name, List<Reader> readers) throws Exception {
        System.out.printf("%s: %d s of warm-up, then %d s measured...%n", name, settings.warmupSeconds(), settings.seconds());
        AtomicLong start = new AtomicLong();
        CyclicBarrier ready = new CyclicBarrier(readers.size(), () -> start.set(System.nanoTime()));
        double cpuBefore = BenchmarkSupport.processCpuSeconds();
        long began = System.nanoTime();
        AtomicLong errors = new AtomicLong();
        AtomicReference<String> firstError = new AtomicReference<>();
        ExecutorService pool = Executors.newFixedThreadPool(readers.size());
        List<Future<long[]>> work = new ArrayList<>();
        for (Reader reader : readers) {
            work.add(pool.submit(() -> {
                ready.await();
                long measureFrom = start.get() + Duration.ofSeconds(settings.warmupSeconds()).toNanos();
                long deadline = measureFrom + Duration.ofSeconds(settings.seconds()).toNanos();
                long[] latencies = new long[4096];
                int count = 0;
                for (long now = System.nanoTime(); now < deadline; now = System.nanoTime()) {
                    int film = ThreadLocalRandom.current().nextInt(1, settings.films() + 1);
                    String error;
                    try {
                        error = reader.read(film) ? null : "film " + film + " was not answered with 200";
                    } catch (Exception e) {
                        error = "film " + film + ": " + e;
                    }
                    long took = System.nanoTime() - now;
                    if (now < measureFrom) {
                        continue;
                    }
                    if (error != null) {
                        errors.incrementAndGet();
                        firstError.compareAndSet(null, error);
                        continue;
                    }
                    if (count == latencies.length) {
                        latencies = Arrays.copyOf(latencies, count * 2);
                    }
                    latencies[count++] = took;
                }
                return Arrays.copyOf(latencies, count);
            }));
        }
        List<long[]> latencies = new ArrayList<>();
        for (Future<long[]> client : work) {
            latencies.add(client.get());
        }
        double seconds = (System.nanoTime() - start.get()) / 1e9 - settings.warmupSeconds();
        pool.shutdown();
        long[] sorted = mergeSorted(latencies);
        double generatorCores = (BenchmarkSupport.processCpuSeconds() - cpuBefore) / ((System.nanoTime() - began) / 1e9);
        return new Phase(name, sorted.length, errors.get(), firstError.get(), seconds, sorted, generatorCores);
    }
}
