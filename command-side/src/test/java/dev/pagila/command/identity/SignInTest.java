package dev.pagila.command.identity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pagila.command.support.CommandSideInstance;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Pagila's staff signing in to a command side holding the imported sample, on real PostgreSQL. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SignInTest {

    private static final int LOCKOUT_AFTER = 3;
    private static final int CLIENT_LIMIT = 12;

    private final ObjectMapper json = new ObjectMapper();
    private CommandSideInstance commandSide;
    private JdbcTemplate jdbc;

    @BeforeAll
    void importPagila() throws Exception {
        commandSide = CommandSideInstance.withPagila("sign_in",
                "pagila.security.lockout.max-failures=" + LOCKOUT_AFTER, "pagila.security.client-limit.max-failures=" + CLIENT_LIMIT);
        jdbc = commandSide.bean(JdbcTemplate.class);
    }

    @AfterAll
    void stop() {
        commandSide.close();
    }

    @Test
    @Order(1)
    void aLegacySha1PasswordSignsInOnceAndIsThenKeptAsBcrypt() throws Exception {
        assertThat(hashOf("Jon")).isEqualTo("{sha1}8cb2237d0679ca88db6464eac60da96345513964");

        HttpResponse<String> signedIn = commandSide.signIn("Jon", "12345");

        assertThat(signedIn.statusCode()).as(signedIn.body()).isEqualTo(200);
        JsonNode token = json.readTree(signedIn.body());
        assertThat(token.get("token_type").asText()).isEqualTo("Bearer");
        assertThat(token.get("expires_in").asLong()).isEqualTo(900);
        assertThat(token.get("roles")).extracting(JsonNode::asText).containsExactly("STAFF", "MANAGER");
        assertThat(signedIn.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(hashOf("Jon")).startsWith("{bcrypt}$2a$").doesNotContain("8cb2237d");
        assertThat(commandSide.signIn("Jon", "12345").statusCode()).as("the same password, now under bcrypt").isEqualTo(200);
    }

    @Test
    @Order(2)
    void aManagersResetReplacesThePasswordAndTheOldOneNoLongerWorks() throws Exception {
        commandSide.signInAs("Jon", "12345");
        HttpResponse<String> reset = commandSide.send(HttpRequest.newBuilder(java.net.URI.create(commandSide.url("/api/staff/1/password")))
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString("{\"password\": \"short\"}")),
                bearer("Jon", "12345"));
        assertThat(reset.statusCode()).as("too short: refused, naming the field").isEqualTo(400);
        assertThat(reset.body()).contains("\"field\":\"password\"");

        reset = commandSide.send(HttpRequest.newBuilder(java.net.URI.create(commandSide.url("/api/staff/1/password")))
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString("{\"password\": \"mikes-new-secret\"}")),
                bearer("Jon", "12345"));

        assertThat(reset.statusCode()).isEqualTo(204);
        assertThat(commandSide.signIn("Mike", "12345").statusCode()).isEqualTo(401);
        assertThat(commandSide.signIn("Mike", "mikes-new-secret").statusCode()).isEqualTo(200);
    }

    @Test
    @Order(3)
    void repeatedFailuresLockTheAccountEvenAgainstTheRightPasswordAndSayNothingOfWhy() throws Exception {
        String unknownUser = commandSide.signIn("Nobody", "mikes-new-secret").body();
        for (int i = 0; i < LOCKOUT_AFTER; i++) {
            HttpResponse<String> wrong = commandSide.signIn("Mike", "guess-" + i);
            assertThat(wrong.statusCode()).isEqualTo(401);
            assertThat(wrong.body()).isEqualTo(unknownUser);
        }

        HttpResponse<String> locked = commandSide.signIn("Mike", "mikes-new-secret");

        assertThat(locked.statusCode()).isEqualTo(401);
        assertThat(locked.body()).as("locked answers as a wrong password does").isEqualTo(unknownUser);
        assertThat(json.readTree(locked.body()).get("type").asText()).isEqualTo("urn:pagila:problem:sign-in-failed");
        assertThat(jdbc.queryForObject("SELECT locked_until > now() FROM identity.account WHERE username = 'Mike'", Boolean.class))
                .isTrue();
    }

    @Test
    @Order(4)
    void aManagerLiftsALockoutBySettingANewPassword() throws Exception {
        HttpResponse<String> reset = commandSide.send(HttpRequest.newBuilder(java.net.URI.create(commandSide.url("/api/staff/1/password")))
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString("{\"password\": \"after-the-lockout\"}")),
                bearer("Jon", "12345"));

        assertThat(reset.statusCode()).isEqualTo(204);
        assertThat(commandSide.signIn("Mike", "after-the-lockout").statusCode()).isEqualTo(200);
    }

    @Test
    @Order(5)
    void expiredTamperedAndMissingTokensAre401Problems() throws Exception {
        JwtEncoder encoder = commandSide.bean(JwtEncoder.class);
        SigningKeys keys = commandSide.bean(SigningKeys.class);
        Instant longAgo = Instant.now().minusSeconds(3600);
        String expired = encoder.encode(JwtEncoderParameters.from(
                JwsHeader.with(SignatureAlgorithm.RS256).keyId(keys.signingKey().getKeyID()).build(),
                JwtClaimsSet.builder().issuer("http://localhost:8080").audience(List.of("pagila")).subject("Jon")
                        .issuedAt(longAgo).expiresAt(longAgo.plusSeconds(900)).claim("roles", List.of("STAFF", "MANAGER"))
                        .claim("staff_id", 2).build())).getTokenValue();
        String valid = bearer("Jon", "12345").substring("Bearer ".length());
        String tampered = valid.substring(0, valid.length() - 4) + (valid.endsWith("AAAA") ? "BBBB" : "AAAA");

        for (String authorization : new String[] {"Bearer " + expired, "Bearer " + tampered, null}) {
            HttpResponse<String> refused = commandSide.send(HttpRequest.newBuilder(java.net.URI.create(commandSide.url("/api/actors")))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"firstName\": \"A\", \"lastName\": \"B\"}")), authorization);
            assertThat(refused.statusCode()).as(String.valueOf(authorization)).isEqualTo(401);
            assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(json.readTree(refused.body()).get("type").asText()).isEqualTo("urn:pagila:problem:unauthorized");
        }
        assertThat(jdbc.queryForObject("SELECT count(*) FROM events.domain_event_entry WHERE payload_type LIKE '%ActorRegistered%'"
                + " AND aggregate_identifier = 'actor-201'", Long.class)).isZero();
    }

    @Test
    @Order(6)
    void aDeactivatedMemberOfStaffCannotSignIn() throws Exception {
        HttpResponse<String> deactivated = commandSide.send(HttpRequest.newBuilder(java.net.URI.create(commandSide.url("/api/staff/1/deactivate")))
                .POST(HttpRequest.BodyPublishers.noBody()), bearer("Jon", "12345"));

        assertThat(deactivated.statusCode()).as(deactivated.body()).isEqualTo(200);
        assertThat(commandSide.signIn("Mike", "after-the-lockout").statusCode()).isEqualTo(401);
    }

    @Test
    @Order(7)
    void oneClientAddressPastItsLimitOfFailuresIsSlowedWhateverAccountItTries() throws Exception {
        int failures = 0;
        while (commandSide.signIn("guess-" + failures, "wrong").statusCode() == 401) {
            failures++;
            assertThat(failures).as("never slowed down").isLessThanOrEqualTo(CLIENT_LIMIT);
        }

        HttpResponse<String> slowed = commandSide.signIn("Jon", "12345");
        assertThat(slowed.statusCode()).as("even with the right password").isEqualTo(429);
        assertThat(slowed.headers().firstValue("Retry-After")).isPresent();
        assertThat(json.readTree(slowed.body()).get("type").asText()).isEqualTo("urn:pagila:problem:too-many-sign-in-attempts");
    }

    private String hashOf(String username) {
        return jdbc.queryForObject("SELECT password_hash FROM identity.account WHERE username = ?", String.class, username);
    }

    private String bearer(String username, String password) throws Exception {
        HttpResponse<String> signedIn = commandSide.signIn(username, password);
        assertThat(signedIn.statusCode()).as(signedIn.body()).isEqualTo(200);
        return "Bearer " + json.readTree(signedIn.body()).get("access_token").asText();
    }
}
