package dev.pagila.command.config;

import org.springframework.security.config.observation.SecurityObservationSettings;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pagila.command.identity.AccountDetailsService;
import dev.pagila.command.identity.Accounts;
import dev.pagila.command.identity.LegacySha1Passwords;
import dev.pagila.command.identity.SecurityProperties;
import dev.pagila.command.identity.SigningKeys;
import dev.pagila.infra.audit.AuditLog;
import dev.pagila.infra.security.ResourceServerSecurity;
import dev.pagila.infra.security.StaffClaims;
import io.micrometer.core.instrument.MeterRegistry;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.security.SecurityScheme;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.AccountStatusUserDetailsChecker;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.util.Map;

/**
 * The command side issues tokens (Spring Security's Nimbus encoder; Spring Authorization Server was left out
 * because staff sign in with a username and password, the resource-owner password grant that OAuth 2.1 and
 * the Authorization Server dropped) and checks them as an OAuth2 resource server, like the query side does.
 */
@Configuration
@EnableConfigurationProperties(SecurityProperties.class)
@SecurityScheme(name = ResourceServerSecurity.BEARER, type = SecuritySchemeType.HTTP, scheme = "bearer", bearerFormat = "JWT")
@OpenAPIDefinition(security = @SecurityRequirement(name = ResourceServerSecurity.BEARER))
public class SecurityConfig {

    private static final String BCRYPT = "bcrypt";

    @Bean
    @ConditionalOnWebApplication // the import runs this context without a web server
    public SecurityFilterChain commandApiSecurity(HttpSecurity http, ObjectMapper json) throws Exception {
        String staff = StaffClaims.STAFF;
        String manager = StaffClaims.MANAGER;
        return ResourceServerSecurity.statelessBearer(http, json)
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers(HttpMethod.POST, "/api/auth/token").permitAll()
                        .requestMatchers(HttpMethod.GET, "/oauth2/jwks", "/actuator/health/**", "/actuator/info",
                                "/v3/api-docs/**", "/swagger-ui/**", "/swagger-ui.html").permitAll()
                        .requestMatchers("/error").permitAll()
                        .requestMatchers("/actuator/**", "/api/migration", "/api/migration/**").hasRole(StaffClaims.ADMIN)
                        .requestMatchers(HttpMethod.POST, "/api/rentals", "/api/rentals/*/return", "/api/payments").hasRole(staff)
                        .requestMatchers("/api/customers", "/api/customers/**").hasRole(staff)
                        // whose password the caller may set is checked against the token (PasswordAuthority)
                        .requestMatchers(HttpMethod.PUT, "/api/staff/*/password").hasAnyRole(staff, StaffClaims.ADMIN)
                        .requestMatchers("/api/accounts/**", "/api/signing-keys", "/api/signing-keys/**").hasRole(StaffClaims.ADMIN)
                        .requestMatchers("/api/**").hasRole(manager)
                        .anyRequest().denyAll())
                .build();
    }

    @Bean
    public SecurityObservationSettings securityObservations() {
        return ResourceServerSecurity.noFilterObservations();
    }

    @Bean
    public RoleHierarchy roleHierarchy() {
        return ResourceServerSecurity.managerIncludesStaff();
    }

    /** bcrypt for every new hash; Pagila's unsalted SHA-1 is read once, at its first sign-in, and then replaced. */
    @Bean
    public PasswordEncoder passwordEncoder() {
        BCryptPasswordEncoder bcrypt = new BCryptPasswordEncoder();
        return new DelegatingPasswordEncoder(BCRYPT, Map.of(BCRYPT, bcrypt, Accounts.LEGACY_SHA1, LegacySha1Passwords.reading(bcrypt)));
    }

    /**
     * The password first, the account's state after it: Spring Security checks a disabled account before the
     * password by default, which answers faster and so tells an attacker the account exists.
     */
    @Bean
    public AuthenticationManager authenticationManager(AccountDetailsService accounts, PasswordEncoder passwords) {
        DaoAuthenticationProvider provider = new DaoAuthenticationProvider(accounts);
        provider.setPasswordEncoder(passwords);
        provider.setUserDetailsPasswordService(accounts);
        provider.setPreAuthenticationChecks(user -> { });
        provider.setPostAuthenticationChecks(new AccountStatusUserDetailsChecker());
        return new ProviderManager(provider);
    }

    @Bean
    public SigningKeys signingKeys(JdbcTemplate jdbc, TransactionTemplate transactions, Clock clock, SecurityProperties properties) {
        return SigningKeys.loadOrCreate(jdbc, transactions, clock, properties);
    }

    /** Operators' actions on this side (key rotation, unlocks, resets, the live migration), beside the query side's. */
    @Bean
    public AuditLog auditLog(JdbcTemplate jdbc, Clock clock, MeterRegistry meters) {
        return new AuditLog(jdbc, clock, meters);
    }

    /** Signs with the key the header names (the current one), among the published keys. */
    @Bean
    public JwtEncoder jwtEncoder(SigningKeys keys) {
        return new NimbusJwtEncoder(keys.privateKeys());
    }

    @Bean
    public JwtDecoder jwtDecoder(SigningKeys keys, SecurityProperties properties, Clock clock) {
        return ResourceServerSecurity.platformTokens(ResourceServerSecurity.signedWithOneOf(keys.verificationKeys()),
                properties.issuer(), clock);
    }

    /** The operations account, when a password for it is configured (the local run generates one). */
    @Bean
    public ApplicationRunner operatorAccount(SecurityProperties properties, Accounts accounts, PasswordEncoder passwords) {
        return arguments -> {
            String password = properties.operator().password();
            if (password != null && !password.isBlank()) {
                boolean unchanged = accounts.byUsername(properties.operator().username())
                        .filter(account -> account.admin() && account.passwordHash() != null)
                        .map(account -> passwords.matches(password, account.passwordHash()))
                        .orElse(false);
                if (!unchanged) {
                    accounts.operator(properties.operator().username(), passwords.encode(password));
                } else { // whoever restarts the command side with the operator's password may sign in as the operator
                    accounts.unlock(properties.operator().username());
                }
            }
        };
    }
}
