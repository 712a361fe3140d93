package dev.pagila.command.identity;

import dev.pagila.infra.postgres.AdvisoryLocks;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
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
import java.util.List;
import java.util.UUID;

/**
 * The RSA key tokens are signed with. It lives in the command side's database so that every instance signs
 * with the same key and any of them can serve the JWK set; the first instance to start creates it (under an
 * advisory lock, so two instances starting together agree on one key). Hand-written because Spring
 * Security's {@code NimbusJwtEncoder} takes a key but has no notion of where a shared one is kept.
 */
public final class SigningKeys {

    private static final long CREATE_LOCK = AdvisoryLocks.SIGNING_KEY_CREATION;

    private final RSAKey signingKey;

    private SigningKeys(RSAKey signingKey) {
        this.signingKey = signingKey;
    }

    public static SigningKeys loadOrCreate(JdbcTemplate jdbc, TransactionTemplate transactions) {
        return transactions.execute(status -> {
            jdbc.queryForList("SELECT pg_advisory_xact_lock(?)", CREATE_LOCK);
            List<RSAKey> stored = jdbc.query("SELECT key_id, private_key, public_key FROM identity.signing_key"
                    + " ORDER BY created_at DESC LIMIT 1", (row, i) -> rsaKey(row.getString(1), row.getBytes(2), row.getBytes(3)));
            if (!stored.isEmpty()) {
                return new SigningKeys(stored.get(0));
            }
            KeyPair pair = generate();
            String keyId = UUID.randomUUID().toString();
            jdbc.update("INSERT INTO identity.signing_key (key_id, private_key, public_key) VALUES (?, ?, ?)",
                    keyId, pair.getPrivate().getEncoded(), pair.getPublic().getEncoded());
            return new SigningKeys(rsaKey(keyId, pair.getPrivate().getEncoded(), pair.getPublic().getEncoded()));
        });
    }

    public RSAKey signingKey() {
        return signingKey;
    }

    public RSAPublicKey publicKey() {
        try {
            return signingKey.toRSAPublicKey();
        } catch (com.nimbusds.jose.JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The public half only, as served at {@code /oauth2/jwks}. */
    public JWKSet publicJwkSet() {
        return new JWKSet(signingKey.toPublicJWK());
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
