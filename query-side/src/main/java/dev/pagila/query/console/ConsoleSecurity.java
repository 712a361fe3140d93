package dev.pagila.query.console;

import dev.pagila.infra.security.ResourceServerSecurity;
import dev.pagila.infra.security.StaffClaims;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.csrf.CsrfTokenRequestAttributeHandler;

import java.util.Arrays;

/**
 * The console's own filter chain, ahead of the API's: the operator's token travels in an HttpOnly, SameSite=Strict
 * cookie scoped to {@code /console} (so no script of the page can read it, and it is never in {@code localStorage}),
 * state-changing requests carry Spring Security's CSRF token, and a missing or expired token sends the browser to
 * the sign-in page. Only the ADMIN role gets a page or a fragment.
 */
@Configuration
public class ConsoleSecurity {

    static final String TOKEN_COOKIE = "pagila_console";
    static final String PATH = "/console";

    /** All a signed-in account without the ADMIN role gets: no console, no data. */
    private static final String DENIED = """
            <!doctype html><html lang="en"><head><meta charset="utf-8"><title>Not for this account</title></head>
            <body><main><h1>Not for this account</h1><p>The operations console is for the operations account.</p>
            <form method="post" action="/console/sign-out"><button type="submit">Sign out</button></form></main></body></html>
            """;

    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    public SecurityFilterChain consoleFilterChain(HttpSecurity http) throws Exception {
        CookieCsrfTokenRepository csrfTokens = new CookieCsrfTokenRepository();
        csrfTokens.setCookiePath(PATH);
        csrfTokens.setCookieCustomizer(cookie -> cookie.sameSite("Strict").httpOnly(true));
        return http
                .securityMatcher(PATH, PATH + "/**", "/webjars/**")
                .sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(csrf -> csrf.csrfTokenRepository(csrfTokens).csrfTokenRequestHandler(new CsrfTokenRequestAttributeHandler())
                        .ignoringRequestMatchers(PATH + "/sign-out")) // signing out is harmless, and must work without a page
                .logout(logout -> logout.disable())
                .requestCache(cache -> cache.disable())
                .oauth2ResourceServer(server -> server
                        .bearerTokenResolver(fromCookie())
                        .jwt(jwt -> jwt.jwtAuthenticationConverter(ResourceServerSecurity.rolesFromToken()))
                        .authenticationEntryPoint(toSignIn()))
                .exceptionHandling(errors -> errors
                        .authenticationEntryPoint(toSignIn())
                        .accessDeniedHandler((request, response, denied) -> {
                            response.setStatus(403);
                            response.setContentType("text/html;charset=UTF-8");
                            response.getWriter().write(DENIED);
                        }))
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers("/webjars/**", PATH + "/console.css", PATH + "/console.js").permitAll()
                        .requestMatchers(HttpMethod.GET, PATH + "/sign-in").permitAll()
                        .requestMatchers(HttpMethod.POST, PATH + "/sign-in", PATH + "/sign-out").permitAll()
                        .anyRequest().hasRole(StaffClaims.ADMIN))
                .build();
    }

    /** The token from the console's cookie; requests without it are anonymous (and sent to sign in). */
    private static BearerTokenResolver fromCookie() {
        return (HttpServletRequest request) -> request.getCookies() == null ? null : Arrays.stream(request.getCookies())
                .filter(cookie -> TOKEN_COOKIE.equals(cookie.getName()) && !cookie.getValue().isBlank())
                .map(Cookie::getValue).findFirst().orElse(null);
    }

    /** A page goes to the sign-in page; a fragment asked by htmx tells htmx to take the whole page there. */
    private static AuthenticationEntryPoint toSignIn() {
        return (request, response, failure) -> {
            response.addHeader("Set-Cookie", ConsoleCookies.expired(TOKEN_COOKIE));
            if ("true".equals(request.getHeader("HX-Request"))) {
                response.setHeader("HX-Redirect", PATH + "/sign-in?expired");
                response.setStatus(401);
            } else {
                response.sendRedirect(PATH + "/sign-in" + (request.getCookies() != null && Arrays.stream(request.getCookies())
                        .anyMatch(cookie -> TOKEN_COOKIE.equals(cookie.getName())) ? "?expired" : ""));
            }
        };
    }
}
