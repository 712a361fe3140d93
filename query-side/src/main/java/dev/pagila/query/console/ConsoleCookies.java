package dev.pagila.query.console;

import org.springframework.http.ResponseCookie;

import java.time.Duration;

/** The console's token cookie: HttpOnly (no script reads it), SameSite=Strict (no other site sends it), /console only. */
final class ConsoleCookies {

    private ConsoleCookies() {
    }

    static String holding(String token, Duration lifetime, boolean secure) {
        return ResponseCookie.from(ConsoleSecurity.TOKEN_COOKIE, token).path(ConsoleSecurity.PATH).httpOnly(true)
                .sameSite("Strict").secure(secure).maxAge(lifetime).build().toString();
    }

    static String expired(String name) {
        return ResponseCookie.from(name, "").path(ConsoleSecurity.PATH).httpOnly(true).sameSite("Strict")
                .maxAge(Duration.ZERO).build().toString();
    }
}
