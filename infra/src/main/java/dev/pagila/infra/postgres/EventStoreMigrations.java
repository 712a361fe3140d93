package dev.pagila.infra.postgres;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

import javax.sql.DataSource;
import java.util.Map;

/**
 * Applies the PostgreSQL migrations (event store, token store, roles and grants). Runs as an
 * administrative user, never as either service's role: the services cannot change their own DDL.
 */
public final class EventStoreMigrations {

    public static final String LOCATION = "classpath:db/migration";

    private EventStoreMigrations() {
    }

    public static MigrateResult migrate(DataSource admin, DatabaseRoles roles) {
        return migrateTo(admin, roles, "latest");
    }

    /** Up to and including {@code version} only: to set up a store as an older release left it. */
    public static MigrateResult migrateTo(DataSource admin, DatabaseRoles roles, String version) {
        return Flyway.configure()
                .target(version)
                .dataSource(admin)
                .locations(LOCATION)
                .defaultSchema("public")
                .placeholders(Map.of(
                        "commandRole", roles.commandRole(),
                        "commandPassword", roles.commandPassword(),
                        "queryRole", roles.queryRole(),
                        "queryPassword", roles.queryPassword()))
                .load()
                .migrate();
    }
}
