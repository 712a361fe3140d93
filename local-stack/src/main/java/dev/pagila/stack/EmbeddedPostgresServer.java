package dev.pagila.stack;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import javax.sql.DataSource;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** PostgreSQL 16 from the zonky binaries, keeping its data in a directory that survives restarts. */
public final class EmbeddedPostgresServer implements AutoCloseable {

    private final EmbeddedPostgres postgres;
    private final String database;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres, String database) {
        this.postgres = postgres;
        this.database = database;
    }

    public static EmbeddedPostgresServer start(int port, Path dataDirectory, String database) {
        try {
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setPort(port)
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(false)
                    .setRegisterShutdownHook(false)
                    // loopback only (IPv4 and IPv6): the apps and the tools run on this machine
                    .setServerConfig("listen_addresses", "localhost")
                    .setServerConfig("max_connections", "200")
                    // a live migration follows a Pagila database through a logical replication slot (pgoutput)
                    .setServerConfig("wal_level", "logical")
                    .setServerConfig("fsync", "on")
                    // the embedded server's own default is off; an acknowledged command must be on disk
                    .setServerConfig("synchronous_commit", "on")
                    .start();
            EmbeddedPostgresServer server = new EmbeddedPostgresServer(postgres, database);
            server.createDatabaseIfMissing(database);
            return server;
        } catch (IOException | SQLException e) {
            throw new LocalStackException("PostgreSQL did not start on port " + port + ": " + e.getMessage(), e);
        }
    }

    /** The superuser's view of the platform database: for migrations and tests, never for the apps. */
    public DataSource adminDataSource() {
        return postgres.getDatabase("postgres", database);
    }

    /** Another database on the same server, created on first use; its superuser's view. */
    public DataSource database(String name) {
        try {
            createDatabaseIfMissing(name);
        } catch (SQLException e) {
            throw new LocalStackException("creating database " + name + " failed: " + e.getMessage(), e);
        }
        return postgres.getDatabase("postgres", name);
    }

    public String jdbcUrl(String name) {
        return "jdbc:postgresql://localhost:" + postgres.getPort() + "/" + name;
    }

    public int port() {
        return postgres.getPort();
    }

    private void createDatabaseIfMissing(String database) throws SQLException {
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement()) {
            try (ResultSet exists = statement.executeQuery(
                    "SELECT 1 FROM pg_database WHERE datname = '" + database.replace("'", "''") + "'")) {
                if (exists.next()) {
                    return;
                }
            }
            statement.execute("CREATE DATABASE \"" + database.replace("\"", "\"\"") + "\"");
        }
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new LocalStackException("PostgreSQL did not stop cleanly: " + e.getMessage(), e);
        }
    }
}
