package dev.pagila.command.support;

import dev.pagila.stack.EmbeddedPostgresServer;
import dev.pagila.stack.Ports;
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

    /**
     * A database of its own holding the Pagila sample, for a test that changes it (the shared {@link #legacy()}
     * stays as shipped); copied from it as a template, which is much faster than loading the sample again.
     */
    public static synchronized DataSource legacyCopy(String name) {
        try (java.sql.Connection connection = server().database("postgres").getConnection();
             java.sql.Statement statement = connection.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + name);
            statement.execute("CREATE DATABASE " + name + " TEMPLATE legacy");
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("copying the Pagila sample failed: " + e.getMessage(), e);
        }
        return server().database(name);
    }

    /** A fresh, migrated event-store database; returns its JDBC URL. */
    public static synchronized String eventStore(String name) {
        EventStoreMigrations.migrate(server().database(name), DatabaseRoles.localDefaults());
        return server().jdbcUrl(name);
    }
}
