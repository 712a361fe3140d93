package dev.pagila.query.admin;

import dev.pagila.infra.audit.AuditLog;
import org.springframework.stereotype.Service;

import java.time.Instant;

/**
 * Every operator action on the query side, in one place whichever screen or API asks for it: each is carried out by
 * its service and recorded in the audit log with the operator ({@code actor}, the token's subject) and its outcome. A
 * refusal is recorded and then thrown on as it came, so each caller answers it as it always has.
 */
@Service
public class OperatorActions {

    public static final String REPLAY = "replay";
    public static final String RETRY = "dead-letter-retry";
    public static final String EVICT = "dead-letter-evict";
    public static final String REBUILD = "rebuild";
    public static final String DROP = "drop-table";
    public static final String FLUSH = "cache-flush";
    public static final String WARM = "cache-warm";

    private final ProjectionStatusService status;
    private final ReplayService replays;
    private final DeadLetters deadLetters;
    private final RebuildService rebuilds;
    private final CacheAdmin cache;
    private final AuditLog audit;

    public OperatorActions(ProjectionStatusService status, ReplayService replays, DeadLetters deadLetters,
                           RebuildService rebuilds, CacheAdmin cache, AuditLog audit) {
        this.status = status;
        this.replays = replays;
        this.deadLetters = deadLetters;
        this.rebuilds = rebuilds;
        this.cache = cache;
        this.audit = audit;
    }

    /**
     * Replays {@code group} from the first event, or from {@code fromPosition} or {@code fromTime}; see
     * {@link ReplayService#replay}.
     *
     * @return where it replays from
     */
    public ReplayService.From replay(String actor, String group, Long fromPosition, Instant fromTime) {
        ReplayService.From from = new ReplayService.From(fromPosition, fromTime);
        return audit.recording(actor, REPLAY, group, () -> {
            replays.replay(group, from);
            return from;
        }, replayed -> "from " + replayed, ReplayService.UnknownProcessorException.class, ReplayService.ReplayRefusedException.class);
    }

    /**
     * Hands every parked sequence of {@code group} to its projection again.
     *
     * @return how many sequences were applied
     * @throws ReplayService.UnknownProcessorException when there is no such group
     */
    public int retry(String actor, String group) {
        return audit.recording(actor, RETRY, group, () -> {
            if (!status.groups().contains(group)) {
                throw new ReplayService.UnknownProcessorException(group);
            }
            return deadLetters.retry(group);
        }, applied -> applied + " sequence(s) applied, " + deadLetters.count(group) + " still parked",
                ReplayService.UnknownProcessorException.class);
    }

    /** Drops one dead letter for good. @return whether it was there; one that is not is recorded as refused */
    public boolean evict(String actor, String group, String id) {
        return audit.recordingFound(actor, EVICT, group + "/" + id, () -> deadLetters.evict(group, id), "evicted",
                "no dead letter " + id + " in " + group);
    }

    /** Starts a blue/green rebuild of the read model. @return its status */
    public RebuildService.RebuildStatus rebuild(String actor) {
        return audit.recording(actor, REBUILD, null, rebuilds::start,
                started -> "into " + started.table() + " (" + started.state() + ")", RebuildService.RebuildRefusedException.class);
    }

    /** Drops a version of the read model's table that is neither active nor being rebuilt. */
    public void drop(String actor, String table) {
        audit.recording(actor, DROP, table, () -> {
            rebuilds.drop(table);
            return table;
        }, dropped -> "dropped", RebuildService.RebuildRefusedException.class, RebuildService.NotReadModelTableException.class,
                RebuildService.UnknownTableException.class);
    }

    public CacheAdmin.Flushed flush(String actor) {
        return audit.recording(actor, FLUSH, null, cache::flush, flushed -> flushed.keys() + " key(s) removed");
    }

    public CacheAdmin.Warmed warm(String actor) {
        return audit.recording(actor, WARM, null, cache::warm,
                warmed -> warmed.films() + " film(s), " + warmed.pages() + " page(s), " + warmed.accounts() + " account(s)");
    }
}
