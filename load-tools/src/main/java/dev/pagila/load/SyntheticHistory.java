package dev.pagila.load;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;

/**
 * Grows the event store to a multiple of its history for projection measurements: every catalogue, inventory,
 * customer and sales event is copied with its ids and stream names shifted by a multiple of ten million, so each
 * copy is a whole second Pagila (its own films, copies, customers, rentals and payments) sharing the stores, staff
 * and languages. The command side's lookup tables are extended alike, so the copies also take new commands.
 * <pre>java -jar cli/target/pagila-exec.jar synthesize --times=10 [--jdbc-url=jdbc:postgresql://localhost:15432/pagila] [--user=postgres]</pre>
 */
public final class SyntheticHistory {

    static final int OFFSET = 10_000_000;

    /** Top-level id fields that name shared things (stores, staff, languages) and stay as they are. */
    private static final String SHARED_IDS = "'storeId','staffId','managerStaffId','languageId','originalLanguageId'";
    private static final String SHARED_EVENTS = "'dev.pagila.kernel.stores.StoreOpenedEvent','dev.pagila.kernel.stores.StaffHiredEvent',"
            + "'dev.pagila.kernel.catalog.LanguageRegisteredEvent'";

    private SyntheticHistory() {
    }

    @picocli.CommandLine.Command(name = "synthesize", mixinStandardHelpOptions = true,
            description = {"Grows the event store to --times copies of its history (each a whole second Pagila, ids shifted by",
                    "multiples of ten million) for projection measurements; bench-projections --times does the same on a",
                    "platform of its own."})
    public static final class Command implements java.util.concurrent.Callable<Integer> {

        @picocli.CommandLine.Option(names = "--times", paramLabel = "<n>", defaultValue = "10",
                description = "copies of the history in all (default ${DEFAULT-VALUE})")
        int times;

        @picocli.CommandLine.Option(names = "--jdbc-url", paramLabel = "<jdbc url>", defaultValue = "jdbc:postgresql://localhost:15432/pagila",
                description = "the platform's PostgreSQL (default ${DEFAULT-VALUE})")
        String url;

        @picocli.CommandLine.Option(names = "--user", paramLabel = "<name>", defaultValue = "postgres",
                description = "an administrator of it (default ${DEFAULT-VALUE})")
        String user;

        @Override
        public Integer call() throws SQLException {
            if (times < 1) {
                System.err.println("synthesize: --times must be at least 1, got " + times);
                return 2;
            }
            try (Connection connection = DriverManager.getConnection(url, user, "")) {
                grow(connection, times);
            }
            return 0;
        }
    }

    static void grow(Connection connection, int times) throws SQLException {
        connection.setAutoCommit(false);
        long original;
        try (Statement statement = connection.createStatement();
             ResultSet max = statement.executeQuery("SELECT coalesce(max(global_index), 0) FROM events.domain_event_entry")) {
            max.next();
            original = max.getLong(1);
        }
        for (int copy = 1; copy < times; copy++) {
            Instant began = Instant.now();
            long offset = (long) copy * OFFSET;
            try (PreparedStatement events = connection.prepareStatement("""
                    INSERT INTO events.domain_event_entry (event_identifier, aggregate_identifier, sequence_number, type,
                        time_stamp, payload_type, payload_revision, payload, meta_data)
                    SELECT gen_random_uuid()::text,
                           regexp_replace(aggregate_identifier, '-(\\d+)$', '') || '-' || (substring(aggregate_identifier from '(\\d+)$')::bigint + ?),
                           sequence_number, type, time_stamp, payload_type, payload_revision,
                           convert_to((SELECT jsonb_object_agg(key, CASE
                                   WHEN key LIKE '%%Id' AND key NOT IN (%s) AND jsonb_typeof(value) = 'number'
                                   THEN to_jsonb(value::text::bigint + ?) ELSE value END)
                               FROM jsonb_each(convert_from(payload, 'UTF8')::jsonb))::text, 'UTF8'),
                           meta_data
                    FROM events.domain_event_entry
                    WHERE global_index <= ? AND payload_type NOT IN (%s)
                    ORDER BY global_index""".formatted(SHARED_IDS, SHARED_EVENTS))) {
                events.setLong(1, offset);
                events.setLong(2, offset);
                events.setLong(3, original);
                int appended = events.executeUpdate();
                try (Statement lookups = connection.createStatement()) {
                    lookups.executeUpdate(("INSERT INTO events.customer_standing SELECT customer_id + %d, active FROM events.customer_standing "
                            + "WHERE customer_id < %d ON CONFLICT DO NOTHING").formatted(offset, OFFSET));
                    lookups.executeUpdate(("INSERT INTO events.film_rental_terms (film_id, rental_duration, rental_rate)"
                            + " SELECT film_id + %d, rental_duration, rental_rate FROM events.film_rental_terms"
                            + " WHERE film_id < %d ON CONFLICT DO NOTHING").formatted(offset, OFFSET));
                    lookups.executeUpdate(("INSERT INTO events.rental_copy SELECT rental_id + %d, inventory_id + %d FROM events.rental_copy "
                            + "WHERE rental_id < %d ON CONFLICT DO NOTHING").formatted(offset, offset, OFFSET));
                }
                connection.commit();
                System.out.printf("copy %d of %d: %,d events in %d s%n", copy, times - 1, appended,
                        Duration.between(began, Instant.now()).toSeconds());
            }
        }
        try (Statement statement = connection.createStatement();
             ResultSet count = statement.executeQuery("SELECT count(*) FROM events.domain_event_entry")) {
            count.next();
            System.out.printf("the event store now holds %,d events%n", count.getLong(1));
        }
    }
}
