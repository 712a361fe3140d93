package dev.pagila.command.shared;

import dev.pagila.command.support.TestDatabases;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The apps' database roles after the migrations: each reads and writes the rows it uses at run time and can change no
 * schema, because the administrator who runs the migrations owns every schema, table and sequence.
 */
class AppRolesTest {

    private static final String DATABASE = "app_roles";
    private static final String INSUFFICIENT_PRIVILEGE = "42501";

    private static String url;
    private static JdbcTemplate admin;

    @BeforeAll
    static void migrate() {
        url = TestDatabases.eventStore(DATABASE);
        admin = new JdbcTemplate(TestDatabases.server().database(DATABASE));
    }

    @Test
    void theAppRolesOwnNoSchemaTableOrSequence() {
        List<String> owned = admin.queryForList("""
                SELECT 'schema ' || nspname FROM pg_namespace WHERE pg_get_userbyid(nspowner) IN ('pagila_command', 'pagila_query')
                UNION ALL
                SELECT 'relation ' || n.nspname || '.' || c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE pg_get_userbyid(c.relowner) IN ('pagila_command', 'pagila_query')
                UNION ALL
                SELECT 'function ' || proname FROM pg_proc WHERE pg_get_userbyid(proowner) IN ('pagila_command', 'pagila_query')""",
                String.class);

        assertThat(owned).isEmpty();
    }

    @Test
    void theCommandSideCanCreateAlterOrDropNothing() throws SQLException {
        try (Connection command = DriverManager.getConnection(url, "pagila_command", "pagila_command")) {
            for (String schema : List.of("events", "identity", "migration", "ops", "public")) {
                assertRefused(command, "CREATE TABLE " + schema + ".intruder (id integer)");
            }
            assertRefused(command, "CREATE SCHEMA intruder");
            assertRefused(command, "ALTER TABLE events.domain_event_entry ADD COLUMN intruder integer");
            assertRefused(command, "CREATE INDEX intruder ON events.domain_event_entry (type)");
            assertRefused(command, "DROP TABLE events.rental_copy");
            assertRefused(command, "ALTER SEQUENCE events.film_id_seq RESTART WITH 1");
            assertRefused(command, "TRUNCATE identity.account");
            assertRefused(command, "CREATE TABLE projections.intruder (id integer)");
        }
    }

    @Test
    void theCommandSideStillWritesWhatItUsesAtRunTime() throws SQLException {
        try (Connection command = DriverManager.getConnection(url, "pagila_command", "pagila_command");
             Statement statement = command.createStatement()) {
            command.setAutoCommit(false);
            assertThatCode(() -> {
                statement.execute("""
                        INSERT INTO events.domain_event_entry (event_identifier, aggregate_identifier, sequence_number, type,
                            time_stamp, payload_type, payload) VALUES ('e-1', 'staff-990001', 0, 'Staff', '2024-01-01T00:00:00Z',
                            'dev.pagila.kernel.stores.StaffHiredEvent', '\\x7b7d')""");
                statement.execute("SELECT aggregate_identifier FROM events.domain_event_entry");
                statement.execute("INSERT INTO events.snapshot_event_entry (aggregate_identifier, sequence_number, type,"
                        + " event_identifier, time_stamp, payload_type, payload) VALUES ('staff-990001', 0, 'Staff', 's-1',"
                        + " '2024-01-01T00:00:00Z', 'Staff', '\\x7b7d')");
                statement.execute("DELETE FROM events.snapshot_event_entry WHERE aggregate_identifier = 'staff-990001'");
                statement.execute("INSERT INTO events.staff_member (staff_id) VALUES (990001)");
                statement.execute("INSERT INTO events.rental_copy (rental_id, inventory_id) VALUES (990001, 1)");
                statement.execute("UPDATE events.film_rental_terms SET rental_duration = rental_duration");
                statement.execute("SELECT nextval('events.rental_id_seq')");
                statement.execute("SELECT setval('events.payment_id_seq', GREATEST(40000, (SELECT last_value FROM events.payment_id_seq)))");
                statement.execute("INSERT INTO identity.account (username, staff_id) VALUES ('intruder-test', 990001)");
                statement.execute("UPDATE identity.account SET failed_attempts = 1 WHERE username = 'intruder-test'");
                statement.execute("DELETE FROM identity.account WHERE username = 'intruder-test'");
                statement.execute("SELECT key_id FROM identity.signing_key");
                statement.execute("INSERT INTO migration.connector_offset (offset_key, offset_value) VALUES ('\\x01', '\\x02')");
                statement.execute("SELECT pg_advisory_xact_lock(42)");
            }).doesNotThrowAnyException();
            command.rollback();
        }
    }

    @Test
    void theQuerySideReadsEventsWritesItsProjectionsAndChangesNoSchema() throws SQLException {
        try (Connection query = DriverManager.getConnection(url, "pagila_query", "pagila_query")) {
            for (String schema : List.of("projections", "events", "ops", "public")) {
                assertRefused(query, "CREATE TABLE " + schema + ".intruder (id integer)");
            }
            assertRefused(query, "ALTER TABLE projections.token_entry ADD COLUMN intruder integer");
            assertRefused(query, "DROP TABLE projections.dead_letter_entry");
            assertRefused(query, "INSERT INTO events.staff_member (staff_id) VALUES (990002)");
            assertRefused(query, "SELECT username FROM identity.account");
            try (Statement statement = query.createStatement()) {
                query.setAutoCommit(false);
                assertThatCode(() -> {
                    statement.execute("SELECT global_index FROM events.domain_event_entry ORDER BY global_index DESC LIMIT 1");
                    statement.execute("INSERT INTO projections.token_entry (processor_name, segment) VALUES ('intruder-test', 0)");
                    statement.execute("SELECT token FROM projections.token_entry WHERE processor_name = 'intruder-test' FOR UPDATE");
                    statement.execute("UPDATE projections.token_entry SET owner = 'me' WHERE processor_name = 'intruder-test'");
                    statement.execute("DELETE FROM projections.token_entry WHERE processor_name = 'intruder-test'");
                    statement.execute("INSERT INTO projections.read_model (id, active_table) VALUES (1, 'Films_v1')"
                            + " ON CONFLICT (id) DO UPDATE SET active_table = excluded.active_table");
                    statement.execute("DELETE FROM projections.dead_letter_entry WHERE processing_group = 'intruder-test'");
                }).doesNotThrowAnyException();
                query.rollback();
            }
        }
    }

    /** The operators' audit log: both apps add entries and read them back, and neither changes or removes one. */
    @Test
    void theAuditLogIsAppendOnlyForBothApps() throws SQLException {
        for (String role : List.of("pagila_command", "pagila_query")) {
            try (Connection app = DriverManager.getConnection(url, role, role); Statement statement = app.createStatement()) {
                assertThatCode(() -> {
                    statement.execute("INSERT INTO ops.audit_entry (at, actor, action, outcome) VALUES (now(), '" + role + "', 'probe', 'done')");
                    statement.execute("SELECT actor FROM ops.audit_entry ORDER BY at DESC LIMIT 10");
                }).as(role).doesNotThrowAnyException();
                assertRefused(app, "UPDATE ops.audit_entry SET outcome = 'failed'");
                assertRefused(app, "DELETE FROM ops.audit_entry");
                assertRefused(app, "TRUNCATE ops.audit_entry");
                assertRefused(app, "ALTER TABLE ops.audit_entry DROP COLUMN detail");
                assertRefused(app, "ALTER SEQUENCE ops.audit_entry_id_seq RESTART WITH 1");
            }
        }
    }

    /** A later migration's table, created by the administrator, is the role's to use and still not its to change. */
    @Test
    void aTableALaterMigrationAddsIsTheRolesToUseNotToOwn() throws SQLException {
        admin.execute("CREATE TABLE IF NOT EXISTS events.added_later (id integer PRIMARY KEY)");
        admin.execute("CREATE TABLE IF NOT EXISTS projections.added_later (id integer PRIMARY KEY)");
        try (Connection command = DriverManager.getConnection(url, "pagila_command", "pagila_command");
             Connection query = DriverManager.getConnection(url, "pagila_query", "pagila_query")) {
            assertThatCode(() -> command.createStatement().execute("INSERT INTO events.added_later VALUES (1) ON CONFLICT DO NOTHING"))
                    .doesNotThrowAnyException();
            assertThatCode(() -> query.createStatement().execute("INSERT INTO projections.added_later VALUES (1) ON CONFLICT DO NOTHING"))
                    .doesNotThrowAnyException();
            assertRefused(command, "DROP TABLE events.added_later");
            assertRefused(query, "DROP TABLE projections.added_later");
            assertRefused(query, "INSERT INTO events.added_later VALUES (2)");
        }
    }

    private static void assertRefused(Connection connection, String sql) {
        assertThatThrownBy(() -> {
            try (Statement statement = connection.createStatement()) {
                statement.execute(sql);
            }
        }).as(sql).isInstanceOfSatisfying(SQLException.class,
                refused -> assertThat(refused.getSQLState()).as(sql + ": " + refused.getMessage()).isEqualTo(INSUFFICIENT_PRIVILEGE));
    }
}
