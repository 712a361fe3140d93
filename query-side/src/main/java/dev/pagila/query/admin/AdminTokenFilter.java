package dev.pagila.query.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pagila.infra.web.Problems;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Keeps the admin API ({@code /admin/**}) behind a bearer token; the query API stays open. With no token
 * configured the admin API answers nobody.
 */
public class AdminTokenFilter extends OncePerRequestFilter {

    static final URI UNAUTHORIZED = URI.create("urn:pagila:problem:unauthorized");

    private final byte[] token;
    private final ObjectMapper json;

    public AdminTokenFilter(String token, ObjectMapper json) {
        this.token = token == null || token.isBlank() ? null : token.getBytes(StandardCharsets.UTF_8);
        this.json = json;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (token != null && header != null && header.startsWith("Bearer ")
                && MessageDigest.isEqual(token, header.substring("Bearer ".length()).getBytes(StandardCharsets.UTF_8))) {
            chain.doFilter(request, response);
            return;
        }
        ProblemDetail problem = Problems.of(HttpStatus.UNAUTHORIZED, UNAUTHORIZED, "Unauthorized", token == null
                ? "the admin API is closed: no admin token is configured (PAGILA_ADMIN_TOKEN)"
                : "the admin API needs the admin token as 'Authorization: Bearer <token>'");
        problem.setInstance(URI.create(request.getRequestURI()));
        response.setStatus(HttpStatus.UNAUTHORIZED.value());
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"pagila-admin\"");
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), problem);
    }
}
