package dev.pagila.query.admin;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

import java.time.Instant;
import java.util.List;

/**
 * Replays a processing group: from the first event through the bulk path ({@link ReadModelFills}: its items cleared,
 * filled again, each written once), or from a position or a time through the live processor (its tokens reset,
 * its items kept). Queries keep answering meanwhile, from whatever the group has rebuilt so far.
 */
@Service
public class ReplayService {

    private final EventProcessingConfiguration processing;
    private final JdbcTemplate jdbc;
    private final ReadModelFills fills;

    public ReplayService(EventProcessingConfiguration processing, JdbcTemplate jdbc, ReadModelFills fills) {
        this.processing = processing;
        this.jdbc = jdbc;
        this.fills = fills;
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
        boolean restartHere = true;
        try {
            List<String> others = jdbc.queryForList("SELECT DISTINCT owner FROM projections.token_entry "
                    + "WHERE processor_name = ? AND owner IS NOT NULL", String.class, group);
            if (!others.isEmpty()) {
                throw new ReplayRefusedException(group + " has segments claimed by other query-side instances " + others
                        + ": stop them (or wait for their claims to expire) and ask again");
            }
            if (from.isTheStart()) {
                fills.replayFromTheStart(group, processor);
                restartHere = false; // the fill starts the processor once it is done
            } else if (from.position() != null) {
                processor.resetTokens(GapAwareTrackingToken.newInstance(from.position(), List.of()));
            } else {
                processor.resetTokens(source -> source.createTokenAt(from.time()));
            }
        } finally {
            if (restartHere) {
                processor.start();
            }
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
