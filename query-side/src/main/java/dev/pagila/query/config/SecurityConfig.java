package dev.pagila.query.config;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import dev.pagila.query.QuerySideProperties;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pagila.infra.security.ResourceServerSecurity;
import dev.pagila.infra.security.StaffClaims;
import org.springframework.boot.autoconfigure.security.oauth2.resource.OAuth2ResourceServerProperties;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.security.SecurityScheme;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.http.HttpMethod;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.web.SecurityFilterChain;

import java.net.MalformedURLException;
import java.net.URI;
import java.time.Clock;

/**
 * The query side is an OAuth2 resource server: it checks tokens against the command side's JWK set
 * ({@code spring.security.oauth2.resourceserver.jwt.*}) and never sees a password or a shared secret.
 * The film catalogue is public; customers' personal data, staff, reports and the operations API are not.
 */
@Configuration
@SecurityScheme(name = ResourceServerSecurity.BEARER, type = SecuritySchemeType.HTTP, scheme = "bearer", bearerFormat = "JWT")
public class SecurityConfig {

    @Bean
    public SecurityFilterChain queryApiSecurity(HttpSecurity http, ObjectMapper json) throws Exception {
        return ResourceServerSecurity.statelessBearer(http, json)
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers(HttpMethod.GET, "/api/films", "/api/films/**", "/api/actors", "/api/actors/**",
                                "/api/categories", "/api/categories/**").permitAll()
                        .requestMatchers(HttpMethod.GET, "/actuator/health/**", "/actuator/health", "/actuator/info",
                                "/v3/api-docs/**", "/swagger-ui/**", "/swagger-ui.html").permitAll()
                        .requestMatchers("/error").permitAll()
                        .requestMatchers("/admin/**", "/actuator/**").hasRole(StaffClaims.ADMIN)
                        .requestMatchers(HttpMethod.GET, "/api/customers", "/api/customers/**", "/api/staff",
                                "/api/reports/**", "/api/inventory/**").hasRole(StaffClaims.STAFF)
                        .anyRequest().denyAll())
                .build();
    }

    /** The command side's tokens, checked against its JWK set ({@code spring.security.oauth2.resourceserver.jwt.*}). */
    @Bean
    public JwtDecoder jwtDecoder(OAuth2ResourceServerProperties properties, QuerySideProperties pagila, Clock clock)
            throws MalformedURLException {
        OAuth2ResourceServerProperties.Jwt jwt = properties.getJwt();
        JWKSource<SecurityContext> keys = ResourceServerSecurity.publishedKeys(URI.create(jwt.getJwkSetUri()).toURL(),
                pagila.security().jwkSetCache());
        return ResourceServerSecurity.platformTokens(ResourceServerSecurity.signedWithOneOf(keys), jwt.getIssuerUri(), clock);
    }

    @Bean
    public SecurityObservationSettings securityObservations() {
        return ResourceServerSecurity.noFilterObservations();
    }

    @Bean
    public RoleHierarchy roleHierarchy() {
        return ResourceServerSecurity.managerIncludesStaff();
    }
}
