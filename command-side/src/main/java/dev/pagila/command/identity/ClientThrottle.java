package dev.pagila.command.identity;

import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Failed sign-ins per client address in a sliding window. A client past the limit is refused before any
 * password is checked, whichever account it names, so guessing across many accounts is slowed as well as
 * guessing one. Kept in memory per instance: a lockout per account, in the database, covers what a
 * client spreading its guesses over instances could otherwise gain.
 */
@Component
public class ClientThrottle {

    private final Map<String, Deque<Instant>> failures = new ConcurrentHashMap<>();
    private final int maxFailures;
    private final Duration window;
    private final Clock clock;

    public ClientThrottle(SecurityProperties properties, Clock clock) {
        this.maxFailures = properties.clientLimit().maxFailures();
        this.window = properties.clientLimit().window();
        this.clock = clock;
    }

    /**
     * Reserves one attempt for the client, counted as a failure until {@link #succeeded} takes it back; checked and
     * recorded under one lock, so simultaneous attempts cannot all pass a limit that only one of them should.
     *
     * @return how long the client must wait, if it is over its limit (and then nothing is recorded)
     */
    public Optional<Duration> reserve(String client) {
        Deque<Instant> recent = failures.computeIfAbsent(client, any -> new ArrayDeque<>());
        Optional<Duration> wait;
        synchronized (recent) {
            Instant now = clock.instant();
            forgetBefore(recent, now.minus(window));
            wait = recent.size() < maxFailures ? Optional.empty() : Optional.of(Duration.between(now, recent.peekFirst().plus(window)));
            if (wait.isEmpty()) {
                recent.addLast(now);
            }
        }
        if (failures.size() > 100_000) { // bounded memory under a spray of addresses: forget the quiet ones
            Instant start = clock.instant().minus(window);
            failures.values().removeIf(quiet -> {
                synchronized (quiet) {
                    forgetBefore(quiet, start);
                    return quiet.isEmpty();
                }
            });
        }
        return wait;
    }

    /** The client's reserved attempt signed in: it is not a failure. */
    public void succeeded(String client) {
        Deque<Instant> recent = failures.get(client);
        if (recent != null) {
            synchronized (recent) {
                recent.pollLast();
            }
        }
    }

    private static void forgetBefore(Deque<Instant> recent, Instant start) {
        while (!recent.isEmpty() && recent.peekFirst().isBefore(start)) {
            recent.removeFirst();
        }
    }
}
