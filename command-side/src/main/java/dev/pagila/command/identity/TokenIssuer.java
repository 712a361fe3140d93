package dev.pagila.command.identity;

import dev.pagila.infra.security.StaffClaims;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Mints the short-lived signed token a successful sign-in answers with. */
@Component
public class TokenIssuer {

    private final JwtEncoder encoder;
    private final SigningKeys keys;
    private final SecurityProperties properties;
    private final Clock clock;

    public TokenIssuer(JwtEncoder encoder, SigningKeys keys, SecurityProperties properties, Clock clock) {
        this.encoder = encoder;
        this.keys = keys;
        this.properties = properties;
        this.clock = clock;
    }

    public IssuedToken issue(Account account) {
        Instant now = clock.instant();
        JwtClaimsSet.Builder claims = JwtClaimsSet.builder()
                .id(UUID.randomUUID().toString())
                .issuer(properties.issuer())
                .audience(List.of(StaffClaims.AUDIENCE))
                .subject(account.username())
                .issuedAt(now)
                .expiresAt(now.plus(properties.tokenLifetime()))
                .claim(StaffClaims.ROLES, account.roles());
        if (account.staffId() != null) {
            claims.claim(StaffClaims.STAFF_ID, account.staffId()).claim(StaffClaims.STORE_ID, account.storeId());
        }
        JwsHeader header = JwsHeader.with(SignatureAlgorithm.RS256).keyId(keys.signingKey().getKeyID()).build();
        String token = encoder.encode(JwtEncoderParameters.from(header, claims.build())).getTokenValue();
        return new IssuedToken(token, "Bearer", properties.tokenLifetime().toSeconds(), account.roles());
    }

    /** The answer to a sign-in, shaped like an OAuth2 token response (RFC 6749 section 5.1). */
    public record IssuedToken(@com.fasterxml.jackson.annotation.JsonProperty("access_token") String accessToken,
                              @com.fasterxml.jackson.annotation.JsonProperty("token_type") String tokenType,
                              @com.fasterxml.jackson.annotation.JsonProperty("expires_in") long expiresIn,
                              List<String> roles) {
    }
}
