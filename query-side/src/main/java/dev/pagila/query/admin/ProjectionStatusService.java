package dev.pagila.query.admin;

import dev.pagila.query.config.ProjectionConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where every projection stands, cluster-wide: its segments' tokens and claims, the head of the event stream, the lag
 * between them. Axon's {@code TokenStore} answers only for the segments this instance claims, so the claims of every
 * instance are read from its table, and each token is read back by Axon's serializer as a {@link TrackingToken}. The
 * head and the times of events come from the event table's two columns: Axon's storage engine answers them only by
 * reading a batch of whole events. Also publishes the lag as metrics
 * ({@code pagila.projection.lag.events}, {@code pagila.projection.lag.seconds}) and the projection rate
 * ({@code pagila.projection.rate}, events handled per second), refreshed every few seconds.
 */
@Service
public class ProjectionStatusService {

    private final JdbcTemplate jdbc;
    private final EventProcessingConfiguration processing;
    private final DeadLetters deadLetters;
    private final Serializer tokens;
    private final Map<String, ProcessorStatus> lastSeen = new ConcurrentHashMap<>();
    private final Map<String, Sample> handledSamples = new ConcurrentHashMap<>();
    private final Map<String, Double> rates = new ConcurrentHashMap<>();
    private final MeterRegistry meters;

    /** @param tokens the serializer the token store writes tokens with (Axon's general serializer) */
    public ProjectionStatusService(JdbcTemplate jdbc, EventProcessingConfiguration processing, DeadLetters deadLetters,
                                   MeterRegistry meters, Serializer tokens) {
        this.jdbc = jdbc;
        this.tokens = tokens;
        this.processing = processing;
        this.deadLetters = deadLetters;
        this.meters = meters;
        for (String group : groups()) {
            Gauge.builder("pagila.projection.rate", () -> rates.getOrDefault(group, 0.0))
                    .description("events the processing group handled per second over the last few seconds")
                    .baseUnit("events/s").tag("group", group).register(meters);
            Gauge.builder("pagila.projection.lag.events", () -> Optional.ofNullable(lastSeen.get(group))
                            .map(ProcessorStatus::lagEvents).orElse(0L))
                    .description("events appended but not yet applied by the processing group").tag("group", group)
                    .register(meters);
            Gauge.builder("pagila.projection.lag.seconds", () -> Optional.ofNullable(lastSeen.get(group))
                            .map(ProcessorStatus::lagSeconds).orElse(0.0))
                    .description("age of the oldest event the processing group has not applied, against the head")
                    .tag("group", group).register(meters);
        }
    }

    public List<String> groups() {
        return ProjectionConfig.GROUPS;
    }

    public List<ProcessorStatus> all() {
        Head head = head();
        List<ProcessorStatus> statuses = new ArrayList<>();
        for (String group : groups()) {
            statuses.add(status(group, head));
        }
        return statuses;
    }

    public Optional<ProcessorStatus> one(String group) {
        return groups().contains(group) ? Optional.of(status(group, head())) : Optional.empty();
    }

    @Scheduled(fixedDelayString = "PT5S", initialDelayString = "PT5S")
    void refreshMetrics() {
        for (String group : groups()) {
            double handled = meters.find("pagila.projection.events").tag("group", group).counters().stream()
                    .mapToDouble(Counter::count).sum();
            Instant now = Instant.now();
            Sample previous = handledSamples.put(group, new Sample(now, handled));
            if (previous != null) {
                double seconds = Math.max(0.001, Duration.between(previous.at(), now).toMillis() / 1000.0);
                rates.put(group, (handled - previous.handled()) / seconds);
            }
        }
        try {
            all().forEach(status -> lastSeen.put(status.name(), status));
        } catch (RuntimeException unavailable) {
            // the event store may be down; the last known lag stays published
        }
    }

    private record Sample(Instant at, double handled) {
    }

    private ProcessorStatus status(String group, Head head) {
        Map<Integer, SegmentStatus> segments = new TreeMap<>();
        jdbc.query("SELECT segment, owner, token, token_type FROM projections.token_entry WHERE processor_name = ?", row -> {
            TokenState token = TokenState.of(row.getBytes("token"), row.getString("token_type"), tokens);
            segments.put(row.getInt("segment"), new SegmentStatus(row.getInt("segment"), row.getString("owner"),
                    token.position(), token.replaying()));
        }, group);
        long position = segments.values().stream().mapToLong(SegmentStatus::position).min().orElse(-1);
        boolean replaying = segments.values().stream().anyMatch(SegmentStatus::replaying);
        long lagEvents = Math.max(0, head.position() - Math.max(position, 0));
        double lagSeconds = lagEvents == 0 ? 0 : secondsBehind(position, head);
        Optional<StreamingEventProcessor> here = processing.eventProcessor(group, StreamingEventProcessor.class);
        return new ProcessorStatus(group, position, head.position(), lagEvents, lagSeconds, replaying,
                !segments.isEmpty() && lagEvents == 0 && !replaying, List.copyOf(segments.values()),
                here.map(StreamingEventProcessor::isRunning).orElse(false),
                here.map(StreamingEventProcessor::isError).orElse(false), deadLetters.count(group));
    }

    private double secondsBehind(long position, Head head) {
        List<String> times = jdbc.queryForList("SELECT time_stamp FROM events.domain_event_entry WHERE global_index > ? "
                + "ORDER BY global_index LIMIT 1", String.class, position);
        if (times.isEmpty() || head.time() == null) {
            return 0;
        }
        return Math.max(0, Duration.between(Instant.parse(times.get(0)), head.time()).toMillis() / 1000.0);
    }

    private Head head() {
        return jdbc.query("SELECT global_index, time_stamp FROM events.domain_event_entry ORDER BY global_index DESC LIMIT 1",
                rows -> rows.next() ? new Head(rows.getLong(1), Instant.parse(rows.getString(2))) : new Head(-1, null));
    }

    private record Head(long position, Instant time) {
    }

    /** A stored token: where its segment is, and whether it is replaying (a replay token short of its reset point). */
    record TokenState(long position, boolean replaying) {

        static TokenState of(byte[] token, String tokenType, Serializer serializer) {
            if (token == null || tokenType == null) {
                return new TokenState(-1, false);
            }
            TrackingToken tracking = serializer.deserialize(new SimpleSerializedObject<>(token, byte[].class, tokenType, null));
            long position = tracking.position().orElse(-1);
            // a replay token lingers until an event past the reset point arrives; replaying means not there yet
            return new TokenState(position, tracking instanceof ReplayToken replay
                    && position < replay.getTokenAtReset().position().orElse(-1));
        }
    }
}
