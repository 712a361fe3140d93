package dev.pagila.infra.security;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpHeaders;
import org.springframework.security.oauth2.server.resource.BearerTokenErrors;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;

/**
 * Reads the bearer token from the {@code Authorization} header, as RFC 6750 section 2.1 defines it. Spring
 * Security's resolver checks the same grammar with a case-insensitive regular expression that took a seventh
 * of a rental's CPU on a 900-character token; this checks it with one pass over the characters.
 */
public final class BearerTokens implements BearerTokenResolver {

    private static final String SCHEME = "Bearer ";

    @Override
    public String resolve(HttpServletRequest request) {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, SCHEME, 0, SCHEME.length() - 1)) {
            return null; // another scheme, or none: not ours to refuse
        }
        if (header.length() <= SCHEME.length() || header.charAt(SCHEME.length() - 1) != ' ' || !wellFormed(header, SCHEME.length())) {
            throw new OAuth2AuthenticationException(BearerTokenErrors.invalidToken("Bearer token is malformed"));
        }
        return header.substring(SCHEME.length());
    }

    /** b64token = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"=" */
    private static boolean wellFormed(String header, int from) {
        int at = from;
        while (at < header.length() && tokenCharacter(header.charAt(at))) {
            at++;
        }
        if (at == from) {
            return false;
        }
        while (at < header.length() && header.charAt(at) == '=') {
            at++;
        }
        return at == header.length();
    }

    private static boolean tokenCharacter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '-' || c == '.' || c == '_' || c == '~' || c == '+' || c == '/';
    }
}
