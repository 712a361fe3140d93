package dev.pagila.command.identity;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** The accounts table. Hashes go in and out of here only; nothing here logs them. */
@Repository
public class Accounts {

    private static final RowMapper<Account> ROW = (row, i) -> new Account(row.getString("username"),
            row.getString("password_hash"), (Integer) row.getObject("staff_id"), (Integer) row.getObject("store_id"),
            row.getBoolean("manager"), row.getBoolean("admin"), row.getBoolean("active"), row.getInt("failed_attempts"),
            row.getTimestamp("locked_until") == null ? null : row.getTimestamp("locked_until").toInstant());

    private final JdbcTemplate jdbc;
    private final Clock clock;

    public Accounts(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    public Optional<Account> byUsername(String username) {
        return jdbc.query("SELECT * FROM identity.account WHERE username = ?", ROW, username).stream().findFirst();
    }

    public Optional<Account> byStaffId(int staffId) {
        return jdbc.query("SELECT * FROM identity.account WHERE staff_id = ?", ROW, staffId).stream().findFirst();
    }

    /** A newly hired member of staff: the account exists, without a password until one is set. Safe to repeat. */
    public void hired(int staffId, String username, int storeId, boolean active) {
        jdbc.update("""
                INSERT INTO identity.account (username, staff_id, store_id, active) VALUES (?, ?, ?, ?)
                ON CONFLICT (staff_id) DO NOTHING""", username, staffId, storeId, active);
    }

    /** Staff imported from a live Pagila keep its (legacy) hash; an account already here is left as it is. */
    /** The id under which the password encoder reads Pagila's unsalted SHA-1 hashes (read only, never written). */
    public static final String LEGACY_SHA1 = "sha1";

    /** Pagila's {@code staff.password}, a hex SHA-1, in the form the password encoder reads. */
    public static String legacyHash(String sha1Hex) {
        return "{" + LEGACY_SHA1 + "}" + sha1Hex;
    }

    public void imported(int staffId, String username, String passwordHash, int storeId, boolean manager, boolean active) {
        jdbc.update("""
                INSERT INTO identity.account (username, password_hash, staff_id, store_id, manager, active)
                VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""", username, passwordHash, staffId, storeId, manager, active);
    }

    public void managesStore(int staffId) {
        jdbc.update("UPDATE identity.account SET manager = true WHERE staff_id = ?", staffId);
    }

    public void deactivated(int staffId) {
        jdbc.update("UPDATE identity.account SET active = false WHERE staff_id = ?", staffId);
    }

    /** Sets a password and clears any lockout; false if there is no such account. */
    public boolean setPassword(String username, String passwordHash) {
        return jdbc.update("""
                UPDATE identity.account SET password_hash = ?, password_set_at = ?, failed_attempts = 0, locked_until = NULL
                WHERE username = ?""", passwordHash, Timestamp.from(clock.instant()), username) == 1;
    }

    /** Re-hashes a password that was just verified (legacy hash to the current algorithm); the password stays. */
    public void rehash(String username, String passwordHash) {
        jdbc.update("UPDATE identity.account SET password_hash = ? WHERE username = ?", passwordHash, username);
    }

    /** Creates or re-keys the operations account; never takes over a member of staff's account of that name. */
    public void operator(String username, String passwordHash) {
        jdbc.update("""
                INSERT INTO identity.account (username, password_hash, admin, password_set_at) VALUES (?, ?, true, ?)
                ON CONFLICT (username) DO UPDATE SET password_hash = excluded.password_hash, admin = true,
                    password_set_at = excluded.password_set_at, failed_attempts = 0, locked_until = NULL
                WHERE identity.account.staff_id IS NULL""",
                username, passwordHash, Timestamp.from(clock.instant()));
    }

    /** Clears the failures of an account that just signed in, and answers it as it now stands. */
    public Account signedIn(String username) {
        return jdbc.queryForObject("UPDATE identity.account SET failed_attempts = 0, locked_until = NULL WHERE username = ?"
                + " RETURNING *", ROW, username);
    }

    /**
     * Reserves one sign-in attempt before its password is checked, in one statement under the row's lock, so that
     * simultaneous guesses are counted one after another: each counts as a failure until a success clears it.
     * The attempt that reaches {@code maxFailures} locks the account until {@code now + lockFor}; attempts on a
     * locked account are counted but never extend the lock; the first attempt after a lock ran out starts a new
     * count. Empty when there is no such account.
     *
     * @return whether the account was already locked when this attempt came, so it may not sign in whatever the
     *         password
     */
    public Optional<Boolean> reserveAttempt(String username, Instant now, int maxFailures, Duration lockFor) {
        Timestamp at = Timestamp.from(now);
        return jdbc.query("""
                WITH before AS (
                    SELECT username, locked_until > ? AS locked,
                           CASE WHEN locked_until <= ? THEN 0 ELSE failed_attempts END AS failures
                    FROM identity.account WHERE username = ? FOR UPDATE)
                UPDATE identity.account account SET
                    failed_attempts = before.failures + 1,
                    locked_until = CASE WHEN before.locked THEN account.locked_until
                                        WHEN before.failures + 1 >= ? THEN ?
                                        ELSE NULL END
                FROM before WHERE account.username = before.username
                RETURNING before.locked""",
                (row, i) -> row.getBoolean(1), at, at, username, maxFailures, Timestamp.from(now.plus(lockFor)))
                .stream().findFirst();
    }

    /** Lifts a lockout (an operator's decision); false if there is no such account. */
    public boolean unlock(String username) {
        return jdbc.update("UPDATE identity.account SET failed_attempts = 0, locked_until = NULL WHERE username = ?",
                username) == 1;
    }

    /**
     * A member of staff's password as the monolith holds it while a live migration follows it (Pagila's hex SHA-1,
     * or null for none): it becomes the account's hash unless a password was set on the platform, which wins. The
     * lock, the failures and the active flag stay as they are. Written only when the hash differs, so a change
     * followed twice writes once. False when nothing changed (the same hash, a password set here, no account yet).
     */
    public boolean legacyPasswordChanged(int staffId, String sha1Hex) {
        String hash = sha1Hex == null ? null : legacyHash(sha1Hex);
        return jdbc.update("""
                UPDATE identity.account SET password_hash = ?::text
                WHERE staff_id = ? AND password_set_at IS NULL AND password_hash IS DISTINCT FROM ?::text""",
                hash, staffId, hash) == 1;
    }
}
