package dev.pagila.query.console;

import dev.pagila.query.admin.ProcessorStatus;
import dev.pagila.query.admin.ProjectionStatusService;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Each processing group's lag and rate over the last 15 minutes, sampled from the token store every 5 seconds by
 * this instance, for the console's charts. Kept in memory: a chart of the recent past, not a metrics store (the
 * same numbers are Micrometer gauges for a real one).
 */
@Component
public class LagHistory {

    static final Duration KEPT = Duration.ofMinutes(15);

    /** One sample: when, how far behind the head, and events applied per second since the previous sample. */
    public record Sample(long epochSecond, long lagEvents, double lagSeconds, double eventsPerSecond) {
    }

    private record Reading(Instant at, long position) {
    }

    private final ProjectionStatusService status;
    private final Clock clock;
    private final Map<String, Deque<Sample>> samples = new LinkedHashMap<>();
    private final Map<String, Reading> last = new LinkedHashMap<>();

    public LagHistory(ProjectionStatusService status, Clock clock) {
        this.status = status;
        this.clock = clock;
    }

    @Scheduled(initialDelay = 1_000, fixedDelay = 5_000)
    public void sample() {
        record(status.all(), clock.instant());
    }

    synchronized void record(List<ProcessorStatus> processors, Instant now) {
        for (ProcessorStatus processor : processors) {
            Reading previous = last.put(processor.name(), new Reading(now, processor.position()));
            double seconds = previous == null ? 0 : Duration.between(previous.at(), now).toMillis() / 1000.0;
            double rate = seconds <= 0 ? 0 : Math.max(0, processor.position() - previous.position()) / seconds;
            Deque<Sample> kept = samples.computeIfAbsent(processor.name(), any -> new ArrayDeque<>());
            kept.addLast(new Sample(now.getEpochSecond(), processor.lagEvents(), processor.lagSeconds(), rate));
            while (!kept.isEmpty() && kept.peekFirst().epochSecond() < now.minus(KEPT).getEpochSecond()) {
                kept.removeFirst();
            }
        }
    }

    /** Every group's samples, oldest first. */
    public synchronized Map<String, List<Sample>> all() {
        Map<String, List<Sample>> copy = new LinkedHashMap<>();
        samples.forEach((group, kept) -> copy.put(group, List.copyOf(kept)));
        return copy;
    }
}
