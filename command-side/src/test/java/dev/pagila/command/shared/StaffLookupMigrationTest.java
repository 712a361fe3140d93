package dev.pagila.command.shared;

import dev.pagila.command.support.TestDatabases;
import dev.pagila.infra.postgres.DatabaseRoles;
import dev.pagila.infra.postgres.EventStoreMigrations;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** An event store from before staff had a lookup of their own, upgraded: every hired member can rent, no one else. */
class StaffLookupMigrationTest {

    @Test
    void theUpgradeKnowsEveryHiredStaffMember() {
        DataSource database = TestDatabases.server().database("staff_upgrade");
        DatabaseRoles roles = DatabaseRoles.localDefaults();
        EventStoreMigrations.migrateTo(database, roles, "8");
        JdbcTemplate jdbc = new JdbcTemplate(database);
        store(jdbc, "staff-1", 0, "stores.StaffHiredEvent", "{\"staffId\":1,\"firstName\":\"Mike\"}");
        store(jdbc, "staff-2", 0, "stores.StaffHiredEvent", "{\"staffId\":2,\"firstName\":\"Jon\"}");
        store(jdbc, "staff-2", 1, "stores.StaffDeactivatedEvent", "{\"staffId\":2}");
        store(jdbc, "store-1", 0, "stores.StoreOpenedEvent", "{\"storeId\":1,\"managerStaffId\":1}");

        EventStoreMigrations.migrate(database, roles);

        assertThat(jdbc.queryForList("SELECT staff_id FROM events.staff_member ORDER BY 1", Integer.class)).containsExactly(1, 2);
    }

    private static void store(JdbcTemplate jdbc, String stream, long sequence, String type, String payload) {
        jdbc.update("""
                INSERT INTO events.domain_event_entry (event_identifier, aggregate_identifier, sequence_number, type,
                    time_stamp, payload_type, payload_revision, payload, meta_data)
                VALUES (?, ?, ?, 'Staff', '2022-02-15T09:57:12Z', ?, null, ?, ?)""", UUID.randomUUID().toString(), stream,
                sequence, "dev.pagila.kernel." + type, payload.getBytes(StandardCharsets.UTF_8), "{}".getBytes(StandardCharsets.UTF_8));
    }
}
