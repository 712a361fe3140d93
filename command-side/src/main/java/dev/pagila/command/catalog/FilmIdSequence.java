package dev.pagila.command.catalog;

import dev.pagila.kernel.catalog.FilmId;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * New film ids come from a PostgreSQL sequence, so command-side instances never hand out the same id
 * and new ids stay above every imported one.
 */
@Component
public class FilmIdSequence {

    private final JdbcTemplate jdbc;

    public FilmIdSequence(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public FilmId next() {
        Integer next = jdbc.queryForObject("SELECT nextval('events.film_id_seq')::int", Integer.class);
        return FilmId.of(next);
    }
}
