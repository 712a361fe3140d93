package dev.pagila.command.shared;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

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

    private final JdbcTemplate jdbc;

    public IdSequences(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public int next(Kind kind) {
        Integer next = jdbc.queryForObject("SELECT nextval('" + kind.sequence() + "')::int", Integer.class);
        if (next == null) {
            throw new IllegalStateException(kind.sequence() + " returned no value");
        }
        return next;
    }

    /** Moves a sequence past {@code highestUsed}, never back: after an import, new ids start above it. */
    public void moveAbove(Kind kind, long highestUsed) {
        // a sequence never called yet hands out last_value itself next; one that was, last_value + 1
        jdbc.queryForObject("SELECT setval('" + kind.sequence() + "', GREATEST(?, (SELECT CASE WHEN is_called"
                + " THEN last_value ELSE last_value - 1 END FROM " + kind.sequence() + ")))", Long.class, highestUsed);
    }
}
