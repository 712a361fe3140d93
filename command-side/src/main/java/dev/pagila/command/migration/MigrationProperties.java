package dev.pagila.command.migration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;

/**
 * The live migration ({@code PAGILA_MIGRATION_...}): where the running Pagila database is and the replication
 * slot and publication the platform follows it through.
 *
 * @param source      the legacy database; the follower runs on this instance only when its URL is set
 * @param slot        the logical replication slot (pgoutput) the follower reads from
 * @param publication the publication naming the followed tables
 * @param drainTimeout how long a drain waits for the follower to reach the marker it wrote
 * @param retryAfter   how long a follower stopped by a failure waits before it follows again
 */
@ConfigurationProperties("pagila.migration")
public record MigrationProperties(@DefaultValue Source source,
                                  @DefaultValue("pagila_platform") String slot,
                                  @DefaultValue("pagila_platform") String publication,
                                  @DefaultValue("60s") Duration drainTimeout,
                                  @DefaultValue("10s") Duration retryAfter) {

    public record Source(String url, @DefaultValue("postgres") String user, String password) {

        public boolean configured() {
            return url != null && !url.isBlank();
        }

        /** A plain connection to the legacy database (the follower's reads, markers, slot and publication). */
        public Connection connect() throws SQLException {
            return DriverManager.getConnection(url, user, password);
        }
    }
}
