package dev.pagila.infra.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pagila.infra.web.Problems;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.access.hierarchicalroles.RoleHierarchyImpl;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.MappedJwtClaimSetConverter;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtGrantedAuthoritiesConverter;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.oauth2.server.resource.web.access.BearerTokenAccessDeniedHandler;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;

import java.io.IOException;
import java.net.URL;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What both apps do alike as OAuth2 resource servers: roles from the token's {@code roles} claim, a manager
 * may do what staff may, and refusals as RFC 9457 problems (Spring Security's own answers carry only the
 * {@code WWW-Authenticate} header, which is kept).
 */
public final class ResourceServerSecurity {

    /** The name of the bearer-token security scheme in both apps' OpenAPI documents. */
    public static final String BEARER = "bearer";

    public static final URI UNAUTHORIZED = URI.create("urn:pagila:problem:unauthorized");
    public static final URI FORBIDDEN = URI.create("urn:pagila:problem:forbidden");

    private ResourceServerSecurity() {
    }

    /**
     * Everything but the rules of which request needs which role: bearer tokens only (no session, no cookie a browser
     * could send on its own, so no CSRF), roles from the token, refusals as problems.
     */
    public static HttpSecurity statelessBearer(HttpSecurity http, ObjectMapper json) throws Exception {
        return http
                .csrf(csrf -> csrf.disable())
                .sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                // nothing to log out of and no request to save for after a sign-in page: two filters fewer per request
                .logout(logout -> logout.disable())
                .requestCache(cache -> cache.disable())
                .oauth2ResourceServer(server -> server
                        .bearerTokenResolver(new BearerTokens())
                        .jwt(jwt -> jwt.jwtAuthenticationConverter(rolesFromToken()))
                        .authenticationEntryPoint(unauthorized(json))
                        .accessDeniedHandler(forbidden(json)))
                .exceptionHandling(errors -> errors
                        .authenticationEntryPoint(unauthorized(json))
                        .accessDeniedHandler(forbidden(json)));
    }

    public static JwtAuthenticationConverter rolesFromToken() {
        JwtGrantedAuthoritiesConverter roles = new JwtGrantedAuthoritiesConverter();
        roles.setAuthoritiesClaimName(StaffClaims.ROLES);
        roles.setAuthorityPrefix("ROLE_");
        JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
        converter.setJwtGrantedAuthoritiesConverter(roles);
        return converter;
    }

    /** How far a token's times may be off this server's clock. */
    public static final Duration CLOCK_SKEW = Duration.ofSeconds(30);

    /**
     * The platform's tokens: the signature as {@code decoder} checks it, a key id, an expiry and an issue time within
     * {@link #CLOCK_SKEW} (a token without {@code exp} would never expire), the issuer and this platform's audience;
     * each token checked once while it lives ({@link CachingJwtDecoder}).
     */
    public static JwtDecoder platformTokens(NimbusJwtDecoder decoder, String issuer, Clock clock) {
        JwtTimestampValidator times = new JwtTimestampValidator(CLOCK_SKEW);
        times.setClock(clock);
        MappedJwtClaimSetConverter claims = MappedJwtClaimSetConverter.withDefaults(Map.of());
        decoder.setClaimSetConverter(stored -> {
            Map<String, Object> converted = new HashMap<>(claims.convert(stored));
            if (!stored.containsKey(JwtClaimNames.IAT)) {
                converted.remove(JwtClaimNames.IAT); // the default converter makes one up from exp; a missing one is refused below
            }
            return converted;
        });
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(List.of(
                times,
                new JwtClaimValidator<Instant>(JwtClaimNames.EXP, Objects::nonNull),
                new JwtClaimValidator<Instant>(JwtClaimNames.IAT, Objects::nonNull),
                new JwtIssuerValidator(issuer),
                new JwtClaimValidator<List<String>>(JwtClaimNames.AUD, aud -> aud != null && aud.contains(StaffClaims.AUDIENCE)),
                ResourceServerSecurity::keyIdentified)));
        return new CachingJwtDecoder(decoder, clock);
    }

    /**
     * A decoder that checks RS256 signatures with the key the token names ({@code kid}) among {@code keys}; the claims
     * are left to {@link #platformTokens}' validators.
     */
    public static NimbusJwtDecoder signedWithOneOf(JWKSource<SecurityContext> keys) {
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256, keys));
        processor.setJWTClaimsSetVerifier((claims, context) -> { });
        return new NimbusJwtDecoder(processor);
    }

    /**
     * The issuer's published keys, fetched from its JWK set and cached for {@code cacheFor}: the issuer publishes a key
     * for longer than that before signing with it, so a rotation needs no fetch on the way. A token naming a key not
     * in the cache fetches the set again at most once per {@link #UNKNOWN_KEY_FETCH_INTERVAL} (or half the cache
     * time, if shorter), so made-up key ids
     * cannot turn every request into a request to the issuer.
     */
    public static JWKSource<SecurityContext> publishedKeys(URL jwkSet, Duration cacheFor) {
        return JWKSourceBuilder.<SecurityContext>create(jwkSet)
                .cache(cacheFor.toMillis(), JWKSourceBuilder.DEFAULT_CACHE_REFRESH_TIMEOUT)
                .refreshAheadCache(false)
                .rateLimited(Math.min(UNKNOWN_KEY_FETCH_INTERVAL.toMillis(), cacheFor.toMillis() / 2)) // must be shorter
                .build();
    }

    public static final Duration UNKNOWN_KEY_FETCH_INTERVAL = Duration.ofSeconds(30);

    /** A token names the key that signed it, so that keys can be told apart. */
    private static OAuth2TokenValidatorResult keyIdentified(Jwt token) {
        return token.getHeaders().get("kid") instanceof String kid && !kid.isBlank() ? OAuth2TokenValidatorResult.success()
                : OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token", "The token names no signing key (kid)", null));
    }

    /**
     * No observation per security filter per request: with observations on, Spring Security wraps each filter of the
     * chain in one, which showed in every rental's and every read's profile (a property that only disables the
     * observations leaves the wrapping). Requests stay observed as a whole ({@code http.server.requests}).
     */
    public static SecurityObservationSettings noFilterObservations() {
        return SecurityObservationSettings.noObservations();
    }

    public static RoleHierarchy managerIncludesStaff() {
        return RoleHierarchyImpl.withDefaultRolePrefix().role(StaffClaims.MANAGER).implies(StaffClaims.STAFF).build();
    }

    public static AuthenticationEntryPoint unauthorized(ObjectMapper json) {
        BearerTokenAuthenticationEntryPoint bearer = new BearerTokenAuthenticationEntryPoint();
        return (request, response, failure) -> {
            bearer.commence(request, response, failure);
            write(json, request, response, Problems.of(HttpStatus.UNAUTHORIZED, UNAUTHORIZED, "Unauthorized",
                    describe(request, failure)));
        };
    }

    public static AccessDeniedHandler forbidden(ObjectMapper json) {
        BearerTokenAccessDeniedHandler bearer = new BearerTokenAccessDeniedHandler();
        return (request, response, denied) -> {
            bearer.handle(request, response, denied);
            write(json, request, response, Problems.of(HttpStatus.FORBIDDEN, FORBIDDEN, "Forbidden",
                    "the signed-in account's roles do not allow " + request.getMethod() + " " + request.getRequestURI()));
        };
    }

    private static String describe(HttpServletRequest request, AuthenticationException failure) {
        return request.getHeader("Authorization") == null
                ? "sign in (POST /api/auth/token on the command API) and send the token as 'Authorization: Bearer <token>'"
                : "the bearer token is not valid: it is expired, tampered with, or not issued for this platform";
    }

    private static void write(ObjectMapper json, HttpServletRequest request, HttpServletResponse response,
                              ProblemDetail problem) throws IOException {
        problem.setInstance(URI.create(request.getRequestURI()));
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), problem);
    }
}
