package dev.pagila.query.admin;

import dev.pagila.query.projection.ReplayRequest;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

import java.time.Instant;
import java.util.List;

/**
 * Resets a processing group so it replays the stream: from the first event (its reset handler clears what it
 * owns), from a position, or from a time. Queries keep answering meanwhile, from whatever the group has
 * rebuilt so far.
 */
@Service
public class ReplayService {

    private final EventProcessingConfiguration processing;
    private final JdbcTemplate jdbc;

    public ReplayService(EventProcessingConfiguration processing, JdbcTemplate jdbc) {
        this.processing = processing;
        this.jdbc = jdbc;
    }

    /** Where a replay starts: the first event when both are null. */
    public record From(Long position, Instant time) {

        boolean isTheStart() {
            return position == null && time == null;
        }

        @Override
        public String toString() {
            return isTheStart() ? "the first event" : position != null ? "position " + position : time.toString();
        }
    }

    /**
     * @throws UnknownProcessorException when there is no such group
     * @throws ReplayRefusedException    when another instance holds some of its segments
     */
    public void replay(String group, From from) {
        StreamingEventProcessor processor = processing.eventProcessor(group, StreamingEventProcessor.class)
                .orElseThrow(() -> new UnknownProcessorException(group));
        processor.shutDown();
        try {
            List<String> others = jdbc.queryForList("SELECT DISTINCT owner FROM projections.token_entry "
                    + "WHERE processor_name = ? AND owner IS NOT NULL", String.class, group);
            if (!others.isEmpty()) {
                throw new ReplayRefusedException(group + " has segments claimed by other query-side instances " + others
                        + ": stop them (or wait for their claims to expire) and ask again");
            }
            ReplayRequest request = new ReplayRequest(from.isTheStart());
            if (from.isTheStart()) {
                processor.resetTokens(source -> source.createTailToken(), request);
            } else if (from.position() != null) {
                processor.resetTokens(GapAwareTrackingToken.newInstance(from.position(), List.of()), request);
            } else {
                processor.resetTokens(source -> source.createTokenAt(from.time()), request);
            }
        } finally {
            processor.start();
        }
    }

    public static final class UnknownProcessorException extends RuntimeException {

        private final String group;

        public UnknownProcessorException(String group) {
            super("no processing group '" + group + "'");
            this.group = group;
        }

        public String group() {
            return group;
        }
    }

    public static final class ReplayRefusedException extends RuntimeException {

        public ReplayRefusedException(String message) {
            super(message);
        }
    }
}
