package dev.pagila.command.identity;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * Sign-in and token settings ({@code PAGILA_SECURITY_...}).
 *
 * @param issuer        the tokens' {@code iss}; the query side is configured with the same value
 * @param tokenLifetime how long a token is good for; there are no refresh tokens, staff sign in again
 * @param lockout       per-account lockout after consecutive failed sign-ins (kept in the database, so it holds
 *                      across every instance)
 * @param clientLimit   failed sign-ins one client address may make in a window (per instance) before it is
 *                      answered 429 whatever account it tries
 * @param operator      the operations account (role ADMIN only); created or re-keyed at start-up when a password
 *                      is configured
 * @param keys          signing keys: how often each instance reads them again, and how long a new key is published
 *                      before it may sign (longer than resource servers cache the JWK set: the query side's
 *                      {@code pagila.security.jwk-set-cache})
 */
@ConfigurationProperties("pagila.security")
public record SecurityProperties(@DefaultValue("http://localhost:8080") String issuer,
                                 @DefaultValue("15m") Duration tokenLifetime,
                                 @DefaultValue Lockout lockout,
                                 @DefaultValue ClientLimit clientLimit,
                                 @DefaultValue Operator operator,
                                 @DefaultValue Keys keys) {

    public record Lockout(@DefaultValue("5") int maxFailures, @DefaultValue("15m") Duration lockFor) {
    }

    public record ClientLimit(@DefaultValue("20") int maxFailures, @DefaultValue("5m") Duration window) {
    }

    public record Keys(@DefaultValue("10s") Duration refresh, @DefaultValue("6m") Duration publishBeforeUse) {
    }

    public record Operator(@DefaultValue("admin") String username, String password) {
    }
}
