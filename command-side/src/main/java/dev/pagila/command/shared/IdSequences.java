package dev.pagila.command.shared;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumMap;
import java.util.Map;

/**
 * New ids come from one PostgreSQL sequence per aggregate type, so command-side instances never hand out
 * the same id and new ids stay above every imported one.
 */
@Component
public class IdSequences {

    public enum Kind {
        LANGUAGE, FILM, ACTOR, CATEGORY, STORE, STAFF, INVENTORY, CUSTOMER, RENTAL, PAYMENT;

        public String sequence() {
            return "events." + name().toLowerCase() + "_id_seq";
        }
    }

    /** Ids taken from a sequence at once; the ones an instance has not handed out when it stops are never used. */
    static final int BLOCK = 50;

    private final JdbcTemplate jdbc;
    private final Map<Kind, Deque<Integer>> reserved = new EnumMap<>(Kind.class);

    public IdSequences(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
        for (Kind kind : Kind.values()) {
            reserved.put(kind, new ArrayDeque<>());
        }
    }

    /** The next id of this kind: one sequence round trip per {@value #BLOCK} ids rather than one per command. */
    public int next(Kind kind) {
        Deque<Integer> ids = reserved.get(kind);
        synchronized (ids) {
            if (ids.isEmpty()) {
                ids.addAll(jdbc.queryForList("SELECT nextval('" + kind.sequence() + "')::int FROM generate_series(1, ?)",
                        Integer.class, BLOCK));
            }
            return ids.removeFirst();
        }
    }

    /** Moves a sequence past {@code highestUsed}, never back: after an import, new ids start above it. */
    public void moveAbove(Kind kind, long highestUsed) {
        Deque<Integer> ids = reserved.get(kind);
        synchronized (ids) {
            ids.removeIf(id -> id <= highestUsed);
        }
        // a sequence never called yet hands out last_value itself next; one that was, last_value + 1
        jdbc.queryForObject("SELECT setval('" + kind.sequence() + "', GREATEST(?, (SELECT CASE WHEN is_called"
                + " THEN last_value ELSE last_value - 1 END FROM " + kind.sequence() + ")))", Long.class, highestUsed);
    }
}
