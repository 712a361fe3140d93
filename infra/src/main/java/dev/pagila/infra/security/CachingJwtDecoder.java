package dev.pagila.infra.security;

import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers the tokens it has already validated, until they expire. A client sends the same token with every
 * request for its lifetime, and checking it again (Base64, JSON, an RSA signature) cost a third of a rental's
 * CPU. A token's text fixes its signature and claims, so only time can change the verdict: expiry is checked on
 * every use. Tokens that fail are never remembered. Hand-written because Spring Security caches JWK sets, not
 * decoded tokens.
 */
public final class CachingJwtDecoder implements JwtDecoder {

    /** Beyond this many live tokens the memory is emptied and refills from the tokens still in use. */
    static final int MAX_TOKENS = 10_000;

    private final JwtDecoder delegate;
    private final Clock clock;
    private final Map<String, Jwt> validated = new ConcurrentHashMap<>();

    public CachingJwtDecoder(JwtDecoder delegate, Clock clock) {
        this.delegate = delegate;
        this.clock = clock;
    }

    @Override
    public Jwt decode(String token) throws JwtException {
        Jwt known = validated.get(token);
        if (known != null) {
            if (known.getExpiresAt() != null && clock.instant().isBefore(known.getExpiresAt())) {
                return known;
            }
            validated.remove(token);
        }
        Jwt jwt = delegate.decode(token);
        if (jwt.getExpiresAt() != null) {
            if (validated.size() >= MAX_TOKENS) {
                validated.clear();
            }
            validated.put(token, jwt);
        }
        return jwt;
    }
}
