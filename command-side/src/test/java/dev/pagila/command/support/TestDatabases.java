package dev.pagila.command.support;

import dev.pagila.infra.local.EmbeddedPostgresServer;
import dev.pagila.infra.local.Ports;
import dev.pagila.infra.pagila.PagilaSample;
import dev.pagila.infra.postgres.DatabaseRoles;
import dev.pagila.infra.postgres.EventStoreMigrations;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;

/**
 * One real PostgreSQL 16 for the command side's integration tests: a {@code legacy} database holding the
 * Pagila sample, and any number of migrated event-store databases.
 */
public final class TestDatabases {

    private static EmbeddedPostgresServer server;

    private TestDatabases() {
    }

    public static synchronized EmbeddedPostgresServer server() {
        if (server == null) {
            try {
                server = EmbeddedPostgresServer.start(Ports.anyFree(), Files.createTempDirectory("pagila-it"), "postgres");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            PagilaSample.load(server.database("legacy"));
            Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        }
        return server;
    }

    public static DataSource legacy() {
        return server().database("legacy");
    }

    /** A fresh, migrated event-store database; returns its JDBC URL. */
    public static synchronized String eventStore(String name) {
        EventStoreMigrations.migrate(server().database(name), DatabaseRoles.localDefaults());
        return server().jdbcUrl(name);
    }
}
