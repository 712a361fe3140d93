package dev.pagila.infra.postgres;

/**
 * The PostgreSQL advisory locks the platform takes on its one database, kept in one place because they share one key
 * space: two uses of the same key would wait on each other.
 */
public final class AdvisoryLocks {

    /** Held by the command-side instance that follows the monolith, for as long as it follows. */
    public static final long LEGACY_FOLLOWER = 0x7061_6769_6c61_0001L;
    /** Taken while the first signing key is created, so that instances starting together agree on one. */
    public static final long SIGNING_KEY_CREATION = 0x7061_6769_6c61_6b65L;
    /** Held by the query-side instance filling groups without tokens through the bulk path. */
    public static final long READ_MODEL_FILL = 0x7061_6769_6c61_7266L;

    private AdvisoryLocks() {
    }
}
