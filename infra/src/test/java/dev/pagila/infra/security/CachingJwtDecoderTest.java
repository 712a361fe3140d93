package dev.pagila.infra.security;

import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CachingJwtDecoderTest {

    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

    private final AtomicInteger checks = new AtomicInteger();
    private Instant now = NOW;

    /** Stands in for the signature and claim checks: "good-..." tokens expire 15 minutes after NOW, others fail. */
    private final JwtDecoder checking = token -> {
        checks.incrementAndGet();
        if (!token.startsWith("good")) {
            throw new BadJwtException("bad signature");
        }
        if (!now.isBefore(NOW.plusSeconds(900))) {
            throw new BadJwtException("expired");
        }
        return Jwt.withTokenValue(token).header("alg", "RS256").subject("Mike")
                .issuedAt(NOW).expiresAt(NOW.plusSeconds(900)).build();
    };
    private final CachingJwtDecoder decoder = new CachingJwtDecoder(checking, new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    });

    @Test
    void aTokenIsCheckedOnceWhileItLives() {
        assertThat(decoder.decode("good-1").getSubject()).isEqualTo("Mike");
        assertThat(decoder.decode("good-1").getSubject()).isEqualTo("Mike");
        assertThat(decoder.decode("good-2").getSubject()).isEqualTo("Mike");

        assertThat(checks).hasValue(2);
    }

    @Test
    void anExpiredTokenIsCheckedAgainAndRefused() {
        decoder.decode("good-1");
        now = NOW.plusSeconds(900);

        assertThatThrownBy(() -> decoder.decode("good-1")).isInstanceOf(BadJwtException.class).hasMessage("expired");
        assertThat(checks).hasValue(2);
    }

    @Test
    void aRefusedTokenIsNeverRemembered() {
        assertThatThrownBy(() -> decoder.decode("forged")).isInstanceOf(BadJwtException.class);
        assertThatThrownBy(() -> decoder.decode("forged")).isInstanceOf(BadJwtException.class);

        assertThat(checks).hasValue(2);
    }
}
