package dev.pagila.command.identity;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import dev.pagila.infra.postgres.AdvisoryLocks;
import dev.pagila.infra.security.ResourceServerSecurity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The RSA keys tokens are signed with, kept in the command side's database so that every instance signs with the
 * same key and any of them serves the JWK set. One key signs (the current key); a next key is published before it
 * signs, so that resource servers holding a cached JWK set know it by then; the previous key stays published until
 * every token it signed has expired. Each instance reads the keys again every {@code refresh}, and at once (at most
 * once a second) when a token names a key it does not know, so a rotation made on one instance reaches the others.
 * Hand-written because Spring Security's Nimbus encoder and decoder take keys but have no notion of where shared
 * keys are kept or of their lifecycle.
 */
public final class SigningKeys {

    /** One stored key and where it is in its life. */
    public record StoredKey(String keyId, Instant createdAt, Instant activatedAt, Instant retireAfter, RSAKey key) {

        public String state() {
            return activatedAt == null ? "next" : retireAfter == null ? "current" : "previous";
        }
    }

    /** The keys as last read: the one that signs and those published (next, current, previous). */
    private record KeyRing(RSAKey current, List<StoredKey> published, Instant readAt) {
    }

    /** A rotation step asked out of turn. */
    public static final class RotationRefused extends RuntimeException {

        private final transient Instant activateFrom;

        RotationRefused(String message, Instant activateFrom) {
            super(message);
            this.activateFrom = activateFrom;
        }

        /** When the refused activation may be asked again, if waiting is all it takes. */
        public Optional<Instant> activateFrom() {
            return Optional.ofNullable(activateFrom);
        }
    }

    private static final Duration UNKNOWN_KEY_READ_AT_MOST_EVERY = Duration.ofSeconds(1);

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final Duration refresh;
    private final Duration publishBeforeUse;
    private final Duration tokenLifetime;
    private volatile KeyRing ring;

    private SigningKeys(JdbcTemplate jdbc, TransactionTemplate transactions, Clock clock, SecurityProperties properties) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.clock = clock;
        this.refresh = properties.keys().refresh();
        this.publishBeforeUse = properties.keys().publishBeforeUse();
        this.tokenLifetime = properties.tokenLifetime();
    }

    /** The stored keys; the first instance to start creates one (under an advisory lock, so instances agree on it). */
    public static SigningKeys loadOrCreate(JdbcTemplate jdbc, TransactionTemplate transactions, Clock clock,
                                           SecurityProperties properties) {
        SigningKeys keys = new SigningKeys(jdbc, transactions, clock, properties);
        transactions.executeWithoutResult(status -> {
            keys.lockKeys();
            if (keys.stored().stream().noneMatch(key -> key.activatedAt() != null)) {
                Instant now = keys.clock.instant();
                keys.insert(now, now);
            }
        });
        keys.read();
        return keys;
    }

    /** The key new tokens are signed with. */
    public RSAKey signingKey() {
        return fresh().current();
    }

    /** The public halves of the published keys, as served at {@code /oauth2/jwks}. */
    public JWKSet publicJwkSet() {
        return new JWKSet(fresh().published().stream().map(key -> (JWK) key.key().toPublicJWK()).toList());
    }

    /** The published keys, private halves included, for the encoder (which picks the one named in the header). */
    public JWKSource<SecurityContext> privateKeys() {
        return (selector, context) -> selector.select(new JWKSet(fresh().published().stream().map(key -> (JWK) key.key()).toList()));
    }

    /** The published keys for checking tokens, read again when a token names a key not among them. */
    public JWKSource<SecurityContext> verificationKeys() {
        return (selector, context) -> {
            List<JWK> found = selector.select(publicJwkSet());
            if (found.isEmpty() && ring.readAt().isBefore(clock.instant().minus(UNKNOWN_KEY_READ_AT_MOST_EVERY))) {
                read();
                found = selector.select(publicJwkSet());
            }
            return found;
        };
    }

    public List<StoredKey> published() {
        return fresh().published();
    }

    /**
     * Step one of a rotation: a new key, published at once and signing only once activated.
     *
     * @throws RotationRefused when a next key is already waiting
     */
    public StoredKey addNext() {
        StoredKey added = transactions.execute(status -> {
            lockKeys();
            Instant now = clock.instant();
            jdbc.update("DELETE FROM identity.signing_key WHERE retire_after < ?", Timestamp.from(now));
            if (stored().stream().anyMatch(key -> key.activatedAt() == null)) {
                throw new RotationRefused("a next key is already published; activate it first", null);
            }
            return insert(now, null);
        });
        read();
        return added;
    }

    /**
     * Step two: the next key signs from now on, and the current one is published until every token it signed has
     * expired (then it is retired: no longer published, and deleted by the next rotation).
     *
     * @throws RotationRefused when {@code keyId} is not the next key, or was published too recently for the
     *                               resource servers' cached key sets to hold it
     */
    public StoredKey activate(String keyId) {
        StoredKey activated = transactions.execute(status -> {
            lockKeys();
            Instant now = clock.instant();
            StoredKey next = stored().stream().filter(key -> key.keyId().equals(keyId) && key.activatedAt() == null)
                    .findFirst().orElseThrow(() -> new RotationRefused("key " + keyId + " is not the next key", null));
            Instant usable = next.createdAt().plus(publishBeforeUse);
            if (now.isBefore(usable)) {
                throw new RotationRefused("key " + keyId + " is published since " + next.createdAt()
                        + "; resource servers may cache the key set for " + publishBeforeUse + ": activate it from " + usable, usable);
            }
            // instances still signing with the old key until they read the keys again, and tokens that live after that
            Instant retireAfter = now.plus(refresh).plus(tokenLifetime).plus(ResourceServerSecurity.CLOCK_SKEW);
            jdbc.update("UPDATE identity.signing_key SET retire_after = ? WHERE activated_at IS NOT NULL AND retire_after IS NULL",
                    Timestamp.from(retireAfter));
            jdbc.update("UPDATE identity.signing_key SET activated_at = ? WHERE key_id = ?", Timestamp.from(now), keyId);
            return new StoredKey(next.keyId(), next.createdAt(), now, null, next.key());
        });
        read();
        return activated;
    }

    private KeyRing fresh() {
        KeyRing current = ring;
        return current.readAt().isBefore(clock.instant().minus(refresh)) ? read() : current;
    }

    private synchronized KeyRing read() {
        Instant now = clock.instant();
        List<StoredKey> published = stored().stream()
                .filter(key -> key.retireAfter() == null || key.retireAfter().isAfter(now))
                .toList();
        RSAKey current = published.stream().filter(key -> "current".equals(key.state())).map(StoredKey::key).findFirst()
                .orElseThrow(() -> new IllegalStateException("no signing key is stored"));
        ring = new KeyRing(current, published, now);
        return ring;
    }

    /** Every stored key, the most recently activated first (a next key, not yet activated, last). */
    private List<StoredKey> stored() {
        return jdbc.query("""
                SELECT key_id, private_key, public_key, created_at, activated_at, retire_after FROM identity.signing_key
                ORDER BY activated_at DESC NULLS LAST, created_at DESC""",
                (row, i) -> new StoredKey(row.getString(1), row.getTimestamp(4).toInstant(), instant(row.getTimestamp(5)),
                        instant(row.getTimestamp(6)), rsaKey(row.getString(1), row.getBytes(2), row.getBytes(3))));
    }

    private void lockKeys() {
        jdbc.queryForList("SELECT pg_advisory_xact_lock(?)", AdvisoryLocks.SIGNING_KEY_CREATION);
    }

    /** A new key, signing from {@code activatedAt}, or published as the next key when that is null. */
    private StoredKey insert(Instant now, Instant activatedAt) {
        KeyPair pair = generate();
        String keyId = UUID.randomUUID().toString();
        jdbc.update("INSERT INTO identity.signing_key (key_id, private_key, public_key, created_at, activated_at) VALUES (?, ?, ?, ?, ?)",
                keyId, pair.getPrivate().getEncoded(), pair.getPublic().getEncoded(), Timestamp.from(now),
                activatedAt == null ? null : Timestamp.from(activatedAt));
        return new StoredKey(keyId, now, activatedAt, null, rsaKey(keyId, pair.getPrivate().getEncoded(), pair.getPublic().getEncoded()));
    }

    private static Instant instant(Timestamp timestamp) {
        return Optional.ofNullable(timestamp).map(Timestamp::toInstant).orElse(null);
    }

    private static KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static RSAKey rsaKey(String keyId, byte[] privateKey, byte[] publicKey) {
        try {
            KeyFactory rsa = KeyFactory.getInstance("RSA");
            return new RSAKey.Builder((RSAPublicKey) rsa.generatePublic(new X509EncodedKeySpec(publicKey)))
                    .privateKey((RSAPrivateKey) rsa.generatePrivate(new PKCS8EncodedKeySpec(privateKey)))
                    .keyID(keyId)
                    .keyUse(KeyUse.SIGNATURE)
                    .build();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the stored signing key cannot be read", e);
        }
    }
}
