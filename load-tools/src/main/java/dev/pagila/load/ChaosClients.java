package dev.pagila.load;

import dev.pagila.client.ApiResponse;
import dev.pagila.client.ApiSession;
import dev.pagila.client.answer.CommandReceipt;
import dev.pagila.client.answer.RentalReceipt;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.ToIntFunction;

/**
 * Clerks at the counter through the load balancer: each rents one of its own copies to its own customer, reads the
 * film's detail and the customer's balance, takes the copy back and takes a payment, round after round. Every call
 * is logged with its start, end and answer, so that the log can be compared with the event store afterwards. A
 * command whose answer was lost (5xx or no answer) may or may not have been carried out: its copy is set aside,
 * as a clerk would check it by hand rather than rent it again blind.
 */
final class ChaosClients {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    /** One client's copies, customer, and the films of the copies (for reads). */
    record Counter(List<Integer> copies, List<Integer> films, int customer) {
    }

    /**
     * One call: what it was, when (nanoseconds on one clock), and its answer ({@code status} -1: no answer at all).
     *
     * @param id the rental or payment the command created or acted on, when acknowledged (-1 otherwise)
     */
    record Call(String kind, long startedAt, long endedAt, int status, int id, int copy) {

        boolean acknowledged() {
            return status >= 200 && status < 300;
        }

        /** The outcome is not known: the platform failed or never answered. */
        boolean unknown() {
            return status < 0 || status >= 500;
        }

        boolean command() {
            return !kind.startsWith("read");
        }
    }

    private final ApiSession clerk;
    private final String commandApi;
    private final String queryApi;
    private final List<Counter> counters;
    private final Duration pause;
    private final List<Call> log = Collections.synchronizedList(new ArrayList<>());
    private volatile boolean running;
    private ExecutorService threads;

    ChaosClients(ApiSession clerk, String commandApi, String queryApi, List<Counter> counters, Duration pause) {
        this.clerk = clerk;
        this.commandApi = commandApi;
        this.queryApi = queryApi;
        this.counters = counters;
        this.pause = pause;
    }

    void start() {
        running = true;
        threads = Executors.newFixedThreadPool(counters.size());
        counters.forEach(counter -> threads.submit(() -> serve(counter)));
    }

    void stop() throws InterruptedException {
        running = false;
        threads.shutdown();
        if (!threads.awaitTermination(TIMEOUT.toSeconds() * 2, TimeUnit.SECONDS)) {
            threads.shutdownNow();
        }
    }

    List<Call> log() {
        synchronized (log) {
            return List.copyOf(log);
        }
    }

    private void serve(Counter counter) {
        List<Integer> copies = new ArrayList<>(counter.copies());
        int round = 0;
        while (running && !copies.isEmpty()) {
            int index = round++ % copies.size();
            int copy = copies.get(index);
            int film = counter.films().get(counter.copies().indexOf(copy));
            Call rental = call("rent", copy, "POST", commandApi + "/api/rentals",
                    "{\"inventoryId\": %d, \"customerId\": %d}".formatted(copy, counter.customer()), answer -> answer.as(RentalReceipt.class).rentalId());
            if (!rental.acknowledged()) {
                copies.remove(index); // rented or not: a clerk would look before renting it again
                continue;
            }
            call("read-film", copy, "GET", queryApi + "/api/films/" + film, null, null);
            Call returned = call("return", copy, "POST", commandApi + "/api/rentals/" + rental.id() + "/return", null,
                    answer -> rental.id());
            if (!returned.acknowledged()) {
                copies.remove(index);
                continue;
            }
            call("pay", copy, "POST", commandApi + "/api/payments",
                    "{\"customerId\": %d, \"rentalId\": %d, \"amount\": 0.99}".formatted(counter.customer(), rental.id()),
                    answer -> answer.as(CommandReceipt.class).id());
            call("read-balance", copy, "GET", queryApi + "/api/customers/" + counter.customer() + "/balance", null, null);
            pause();
        }
    }

    /** Sends one request and logs it; {@code id} reads what it created or acted on from an acknowledgement. */
    private Call call(String kind, int copy, String method, String url, String body, ToIntFunction<ApiResponse> id) {
        long startedAt = System.nanoTime();
        int status;
        int acted = -1;
        try {
            ApiResponse response = clerk.send(method, url, body, TIMEOUT);
            status = response.status();
            if (response.isSuccess() && id != null) {
                acted = id.applyAsInt(response);
            }
        } catch (IOException | RuntimeException e) {
            status = -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            status = -1;
        }
        Call call = new Call(kind, startedAt, System.nanoTime(), status, acted, copy);
        log.add(call);
        return call;
    }

    private void pause() {
        if (pause.isZero()) {
            return;
        }
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }
}
