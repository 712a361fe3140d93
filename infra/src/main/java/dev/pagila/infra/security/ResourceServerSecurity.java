package dev.pagila.infra.security;

import org.springframework.security.config.observation.SecurityObservationSettings;
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
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtGrantedAuthoritiesConverter;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.oauth2.server.resource.web.access.BearerTokenAccessDeniedHandler;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.util.List;

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

    /**
     * The platform's tokens: the signature as {@code decoder} checks it, expiry, the issuer and this platform's
     * audience; each token checked once while it lives ({@link CachingJwtDecoder}).
     */
    public static JwtDecoder platformTokens(NimbusJwtDecoder decoder, String issuer, Clock clock) {
        OAuth2TokenValidator<Jwt> audience = new JwtClaimValidator<List<String>>("aud",
                aud -> aud != null && aud.contains(StaffClaims.AUDIENCE));
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(JwtValidators.createDefaultWithIssuer(issuer), audience));
        return new CachingJwtDecoder(decoder, clock);
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
