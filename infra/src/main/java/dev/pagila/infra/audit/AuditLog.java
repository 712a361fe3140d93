package dev.pagila.infra.audit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The operators' audit log in PostgreSQL ({@code ops.audit_entry}), shared by both apps: each records the operator
 * actions it carries out, and either reads them all back. The apps' roles may add entries and read them, never
 * change or remove one.
 */
public class AuditLog {

    public static final String DONE = "done";
    /** Nothing happened: the request was not acceptable as it stood (the detail says why). */
    public static final String REFUSED = "refused";
    /** The action was attempted and broke off; part of it may have happened. */
    public static final String FAILED = "failed";

    /** Reasons are exception messages: a few hundred characters say why; a stack of causes does not belong here. */
    private static final int MAX_DETAIL = 1_000;

    private static final Logger log = LoggerFactory.getLogger(AuditLog.class);

    private static final RowMapper<AuditEntry> ROW = (row, i) -> new AuditEntry(row.getLong("id"),
            row.getTimestamp("at").toInstant(), row.getString("actor"), row.getString("action"), row.getString("target"),
            row.getString("outcome"), row.getString("detail"));

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final Counter failures;

    public AuditLog(JdbcTemplate jdbc, Clock clock, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.failures = Counter.builder("pagila.audit.failures")
                .description("operator actions whose audit entry could not be written").register(meters);
    }

    /**
     * Records an action that has been carried out, refused or has failed. An entry that cannot be written does not
     * fail the request: by now the action has happened (or was refused), and answering an error would tell the
     * operator it had not, inviting them to do it again (a second replay, another signing key). It is logged as an
     * error with the whole entry instead, so the log keeps it, and counted in {@code pagila.audit.failures}, which an
     * alert watches.
     */
    public void record(String actor, String action, String target, String outcome, String detail) {
        String shortDetail = detail == null || detail.length() <= MAX_DETAIL ? detail : detail.substring(0, MAX_DETAIL) + "…";
        try {
            jdbc.update("INSERT INTO ops.audit_entry (at, actor, action, target, outcome, detail) VALUES (?, ?, ?, ?, ?, ?)",
                    Timestamp.from(clock.instant()), actor, action, target, outcome, shortDetail);
        } catch (RuntimeException e) {
            failures.increment();
            log.error("Audit entry not written: actor={} action={} target={} outcome={} detail={}", actor, action, target,
                    outcome, shortDetail, e);
        }
    }

    /**
     * Carries out an operator's {@code step} and records how it went: done, with {@code detail} of its result; refused,
     * with the exception's message, when it throws one of {@code refusals}; failed, with the message, when it throws
     * anything else. The exception goes on to the caller as it was, so the answer stays the caller's to give.
     */
    @SafeVarargs
    public final <T> T recording(String actor, String action, String target, Supplier<T> step,
                                 Function<? super T, String> detail, Class<? extends RuntimeException>... refusals) {
        T result;
        try {
            result = step.get();
        } catch (RuntimeException e) {
            record(actor, action, target, isOneOf(e, refusals) ? REFUSED : FAILED, reason(e));
            throw e;
        }
        String described;
        try {
            described = detail.apply(result);
        } catch (RuntimeException e) { // the action is done whatever its description says
            described = "(no detail: " + reason(e) + ")";
        }
        record(actor, action, target, DONE, described);
        return result;
    }

    /**
     * Carries out a {@code step} that finds what it acts on or not, and records it: done with {@code doneDetail},
     * refused with {@code missingDetail} when it found nothing, failed (and thrown on) when it throws.
     *
     * @return whether the step found what it acts on
     */
    public boolean recordingFound(String actor, String action, String target, BooleanSupplier step, String doneDetail,
                                  String missingDetail) {
        boolean found;
        try {
            found = step.getAsBoolean();
        } catch (RuntimeException e) {
            record(actor, action, target, FAILED, reason(e));
            throw e;
        }
        record(actor, action, target, found ? DONE : REFUSED, found ? doneDetail : missingDetail);
        return found;
    }

    /** The newest {@code limit} entries, newest first. */
    public List<AuditEntry> recent(int limit) {
        return jdbc.query("SELECT id, at, actor, action, target, outcome, detail FROM ops.audit_entry"
                + " ORDER BY at DESC, id DESC LIMIT ?", ROW, limit);
    }

    /** What an exception says of itself: its message, or its kind when it has none. */
    public static String reason(RuntimeException e) {
        return e.getMessage() != null && !e.getMessage().isBlank() ? e.getMessage() : e.getClass().getSimpleName();
    }

    private static boolean isOneOf(RuntimeException e, Class<? extends RuntimeException>[] kinds) {
        for (Class<? extends RuntimeException> kind : kinds) {
            if (kind.isInstance(e)) {
                return true;
            }
        }
        return false;
    }
}
