package dev.pagila.command.migration;

import dev.pagila.infra.postgres.AdvisoryLocks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.jdbc.DataSourceProperties;
import org.springframework.stereotype.Component;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Which instance follows: the one holding the follower's advisory lock in the platform's database, one follower per
 * event store whichever instances are configured; the others stand by. The lock is held on a connection of its own (a
 * pooled one would keep the lock after its return) and released when the instance stops or its session dies, so a
 * standby takes over from the stored offsets. A pause keeps it, so that no standby resumes what an operator paused.
 * <p>
 * Not thread-safe on its own: {@link LegacyFollower} calls it under its monitor; {@link #held()} may be read without.
 */
@Component
final class FollowerLeadership {

    private static final long FOLLOWER_LOCK = AdvisoryLocks.LEGACY_FOLLOWER;
    private static final Logger log = LoggerFactory.getLogger(LegacyFollower.class); // the follower's log, as before

    private final DataSourceProperties platformDatabase;
    private volatile Connection leadership;

    FollowerLeadership(DataSourceProperties platformDatabase) {
        this.platformDatabase = platformDatabase;
    }

    /** Takes the lock unless another instance holds it; true while this instance holds it. */
    boolean tryToLead() {
        if (leadership != null) {
            return true;
        }
        try {
            Connection connection = DriverManager.getConnection(platformDatabase.determineUrl(),
                    platformDatabase.determineUsername(), platformDatabase.determinePassword());
            try (PreparedStatement lock = connection.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
                lock.setLong(1, FOLLOWER_LOCK);
                try (ResultSet locked = lock.executeQuery()) {
                    locked.next();
                    if (locked.getBoolean(1)) {
                        leadership = connection;
                        return true;
                    }
                }
            }
            connection.close();
            return false;
        } catch (SQLException e) {
            throw new MigrationStateException("the follower lock cannot be taken: " + e.getMessage());
        }
    }

    boolean held() {
        return leadership != null;
    }

    void release() {
        if (leadership != null) {
            try {
                leadership.close(); // ends the session, and the lock with it
            } catch (SQLException e) {
                log.warn("Releasing the follower lock: {}", e.getMessage());
            }
            leadership = null;
        }
    }
}
