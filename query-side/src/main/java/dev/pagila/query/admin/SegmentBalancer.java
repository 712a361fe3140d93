package dev.pagila.query.admin;

import dev.pagila.query.QuerySideProperties;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import jakarta.annotation.PreDestroy;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Shares every processing group's segments evenly among the live query-side instances. Axon's pooled processors
 * claim whatever segment is unclaimed, so the first instance to start holds them all and the others stay idle until
 * it dies (Axon Server balances claims; the JDBC token store does not). Each instance says it is alive in
 * {@code projections.projection_instance}; one that holds more than its share of a group, while another holds less,
 * releases a segment for a while, and the others' coordinators claim what it released. A dead instance's claims expire after the token store's
 * claim timeout and the survivors take them, whatever their share, since a dead instance no longer counts.
 */
@Component
public class SegmentBalancer {

    private static final Logger log = LoggerFactory.getLogger(SegmentBalancer.class);

    private final JdbcTemplate jdbc;
    private final EventProcessingConfiguration processing;
    private final Clock clock;
    private final String name;
    private final Duration deadAfter;
    /** Long enough for another instance's coordinator (which looks every 5 s) to claim what was released. */
    private final Duration releaseFor;

    public SegmentBalancer(JdbcTemplate jdbc, EventProcessingConfiguration processing, Clock clock, QuerySideProperties properties) {
        this.jdbc = jdbc;
        this.processing = processing;
        this.clock = clock;
        this.name = properties.instance().nameOrDefault();
        this.deadAfter = properties.instance().deadAfter();
        this.releaseFor = properties.instance().deadAfter().multipliedBy(2);
    }

    @Scheduled(fixedDelayString = "${pagila.instance.heartbeat:2s}", initialDelayString = "${pagila.instance.heartbeat:2s}")
    public void heartbeatAndBalance() {
        Timestamp now = Timestamp.from(clock.instant());
        jdbc.update("""
                INSERT INTO projections.projection_instance (name, seen_at) VALUES (?, ?)
                ON CONFLICT (name) DO UPDATE SET seen_at = excluded.seen_at""", name, now);
        Set<String> live = new HashSet<>(jdbc.queryForList("SELECT name FROM projections.projection_instance WHERE seen_at > ?",
                String.class, Timestamp.from(clock.instant().minus(deadAfter))));
        live.add(name);
        // every group's claims in one read: segments and the live instances' holdings, by group
        Map<String, Integer> segments = new HashMap<>();
        Map<String, Map<String, Integer>> held = new HashMap<>();
        jdbc.query("SELECT processor_name, owner FROM projections.token_entry", row -> {
            String group = row.getString(1);
            String owner = row.getString(2);
            segments.merge(group, 1, Integer::sum);
            if (owner != null && live.contains(owner)) {
                held.computeIfAbsent(group, g -> new HashMap<>()).merge(owner, 1, Integer::sum);
            }
        });
        processing.eventProcessors().forEach((group, processor) -> {
            if (processor instanceof StreamingEventProcessor streaming && streaming.isRunning() && segments.containsKey(group)) {
                balance(group, streaming, live, segments.get(group), held.getOrDefault(group, Map.of()));
            }
        });
    }

    /**
     * Releases one segment of {@code group} when this instance holds more than its share among the {@code live}
     * instances and another of them holds less, so can take it. Only then: Axon's coordinators claim whatever is
     * unclaimed, so a segment released to instances that all hold their share would come back, or go round.
     */
    private void balance(String group, StreamingEventProcessor processor, Set<String> live, int segments,
                         Map<String, Integer> held) {
        int share = (segments + live.size() - 1) / live.size();
        List<Integer> mine = processor.processingStatus().keySet().stream().sorted().toList();
        boolean anotherCanTake = live.stream().anyMatch(other -> !other.equals(name) && held.getOrDefault(other, 0) < share);
        if (mine.size() > share && anotherCanTake) {
            int segment = mine.get(mine.size() - 1);
            log.info("{} holds {} of {}'s {} segments among {} instances: releasing segment {}", name, mine.size(), group,
                    segments, live.size(), segment);
            processor.releaseSegment(segment, releaseFor.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** A stopping instance leaves at once, so the others take its share without waiting for it to count as dead. */
    @PreDestroy
    public void leave() {
        // bounded: with PostgreSQL gone, the pool would wait its whole connection timeout and hold up the shutdown
        java.util.concurrent.CompletableFuture<Integer> leaving = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> jdbc.update("DELETE FROM projections.projection_instance WHERE name = ?", name));
        try {
            leaving.get(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            leaving.cancel(true);
            log.warn("{} could not say it is leaving; the others count it until it is {} silent: {}", name, deadAfter,
                    e.getMessage());
        }
    }
}
