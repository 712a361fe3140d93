package dev.pagila.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pagila.infra.local.LocalStackException;
import dev.pagila.local.session.ApiSession;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

import static dev.pagila.local.BenchmarkSupport.mergeSorted;
import static dev.pagila.local.BenchmarkSupport.option;
import static dev.pagila.local.BenchmarkSupport.percentileMillis;

/**
 * Drives rentals through the command API of a running platform with concurrent clients and prints
 * throughput and latency percentiles, as Pagila's customers 1..599 at the counter of staff 1 (signed in as Mike).
 * <ul>
 *   <li>{@code --mode=cycle} (default): each client adds a few copies of a film, then rents and returns them
 *       in turn for {@code --seconds}: rentals and returns, half and half.</li>
 *   <li>{@code --mode=rent-only}: adds {@code --rentals} copies first, then rents each once: rentals alone.</li>
 * </ul>
 * <pre>java -jar local-run/target/local-run-exec.jar bench-rentals --clients=16 --seconds=30</pre>
 */
final class RentalBenchmark {

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private final String commandApi;
    private final ApiSession clerk;

    private RentalBenchmark(String commandApi) {
        this.commandApi = commandApi;
        this.clerk = ApiSession.staff(commandApi, ApiSession.SAMPLE_STAFF);
    }

    static void main(String[] args) throws Exception {
        String api = option(args, "--command-api", "http://localhost:8080");
        int clients = Integer.parseInt(option(args, "--clients", "16"));
        int seconds = Integer.parseInt(option(args, "--seconds", "30"));
        int copiesPerClient = Integer.parseInt(option(args, "--copies-per-client", "4"));
        RentalBenchmark benchmark = new RentalBenchmark(api);
        if (option(args, "--mode", "cycle").equals("rent-only")) {
            benchmark.rentOnly(clients, Integer.parseInt(option(args, "--rentals", "10000")));
        } else {
            benchmark.run(clients, Duration.ofSeconds(seconds), copiesPerClient);
        }
    }

    private void rentOnly(int clients, int rentals) throws Exception {
        System.out.printf("Adding %,d copies of film 1 to store 1 with %d clients...%n", rentals, clients);
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<Integer>> added = new ArrayList<>();
        for (int i = 0; i < rentals; i++) {
            added.add(pool.submit(() -> post("/api/inventory", "{\"filmId\": 1, \"storeId\": 1}", 201).get("id").asInt()));
        }
        int[] copies = new int[rentals];
        for (int i = 0; i < rentals; i++) {
            copies[i] = added.get(i).get();
        }
        System.out.printf("Renting each copy once with %d clients...%n", clients);
        AtomicLong failures = new AtomicLong();
        long started = System.nanoTime();
        List<Future<Long>> latencies = new ArrayList<>();
        for (int i = 0; i < rentals; i++) {
            int copy = copies[i];
            int customer = 1 + i % 599;
            latencies.add(pool.submit(() -> {
                long sent = System.nanoTime();
                HttpResponse<String> rented = send("/api/rentals", "{\"inventoryId\": " + copy + ", \"customerId\": "
                        + customer + "}");
                if (rented.statusCode() != 201) {
                    failures.incrementAndGet();
                }
                return System.nanoTime() - sent;
            }));
        }
        long[] rents = new long[rentals];
        for (int i = 0; i < rentals; i++) {
            rents[i] = latencies.get(i).get();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        pool.shutdown();
        Arrays.sort(rents);
        System.out.printf("rentals: %,d in %.1f s = %,.0f/s   p50 %.1f ms   p99 %.1f ms; failed requests: %d%n", rentals,
                seconds, rentals / seconds, percentileMillis(rents, 50), percentileMillis(rents, 99), failures.get());
    }

    private void run(int clients, Duration duration, int copiesPerClient) throws Exception {
        System.out.printf("Adding %d copies of film 1 to store 1...%n", clients * copiesPerClient);
        List<int[]> copies = new ArrayList<>();
        for (int client = 0; client < clients; client++) {
            int[] own = new int[copiesPerClient];
            for (int i = 0; i < copiesPerClient; i++) {
                own[i] = post("/api/inventory", "{\"filmId\": 1, \"storeId\": 1}", 201).get("id").asInt();
            }
            copies.add(own);
        }
        System.out.printf("Warming up for 5 s, then measuring %d clients for %d s...%n", clients, duration.toSeconds());
        drive(clients, copies, Duration.ofSeconds(5));
        Result result = drive(clients, copies, duration);
        result.print(duration);
    }

    private Result drive(int clients, List<int[]> copies, Duration duration) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long deadline = System.nanoTime() + duration.toNanos();
        AtomicLong failures = new AtomicLong();
        List<Future<long[][]>> work = new ArrayList<>();
        for (int client = 0; client < clients; client++) {
            int[] own = copies.get(client);
            int customer = 1 + client;
            work.add(pool.submit(() -> {
                long[] rents = new long[1 << 20];
                long[] returns = new long[1 << 20];
                int count = 0;
                for (int turn = 0; System.nanoTime() < deadline && count < rents.length; turn++) {
                    int copy = own[turn % own.length];
                    long started = System.nanoTime();
                    HttpResponse<String> rented = send("/api/rentals", "{\"inventoryId\": " + copy + ", \"customerId\": "
                            + customer + "}");
                    long rentedIn = System.nanoTime() - started;
                    if (rented.statusCode() != 201) {
                        failures.incrementAndGet();
                        continue;
                    }
                    int rental = json.readTree(rented.body()).get("rentalId").asInt();
                    started = System.nanoTime();
                    HttpResponse<String> returned = send("/api/rentals/" + rental + "/return", null);
                    if (returned.statusCode() != 200) {
                        failures.incrementAndGet();
                        continue;
                    }
                    rents[count] = rentedIn;
                    returns[count] = System.nanoTime() - started;
                    count++;
                }
                return new long[][] {Arrays.copyOf(rents, count), Arrays.copyOf(returns, count)};
            }));
        }
        List<long[]> rents = new ArrayList<>();
        List<long[]> returns = new ArrayList<>();
        for (Future<long[][]> client : work) {
            long[][] latencies = client.get();
            rents.add(latencies[0]);
            returns.add(latencies[1]);
        }
        pool.shutdown();
        return new Result(mergeSorted(rents), mergeSorted(returns), failures.get());
    }

    private record Result(long[] rents, long[] returns, long failures) {

        void print(Duration duration) {
            double seconds = duration.toNanos() / 1e9;
            System.out.printf("rentals: %,d in %.0f s = %,.0f/s   p50 %.1f ms   p99 %.1f ms%n", rents.length, seconds,
                    rents.length / seconds, percentileMillis(rents, 50), percentileMillis(rents, 99));
            System.out.printf("returns: %,d in %.0f s = %,.0f/s   p50 %.1f ms   p99 %.1f ms%n", returns.length, seconds,
                    returns.length / seconds, percentileMillis(returns, 50), percentileMillis(returns, 99));
            System.out.printf("commands (rentals + returns): %,.0f/s; failed requests: %d%n",
                    (rents.length + returns.length) / seconds, failures);
        }
    }

    private JsonNode post(String path, String body, int expected) throws Exception {
        HttpResponse<String> response = send(path, body);
        if (response.statusCode() != expected) {
            throw new LocalStackException(path + " answered " + response.statusCode() + ": " + response.body());
        }
        return json.readTree(response.body());
    }

    private HttpResponse<String> send(String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(commandApi + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", clerk.authorization());
        if (body == null) {
            request.POST(HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
