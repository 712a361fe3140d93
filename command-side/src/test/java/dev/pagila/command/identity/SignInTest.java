package dev.pagila.command.identity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pagila.command.support.CommandSideInstance;
import dev.pagila.command.support.MovableClock;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import dev.pagila.infra.security.ResourceServerSecurity;
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
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** Pagila's staff signing in to a command side holding the imported sample, on real PostgreSQL. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SignInTest {

    private static final int LOCKOUT_AFTER = 3;
    private static final int CLIENT_LIMIT = 60;
    private static final String OPERATOR_PASSWORD = "operator-secret-for-sign-in-tests";

    private final ObjectMapper json = new ObjectMapper();
    private final MovableClock clock = new MovableClock();
    private CommandSideInstance commandSide;
    private JdbcTemplate jdbc;
    private final AtomicInteger staffIds = new AtomicInteger(900);

    @BeforeAll
    void importPagila() throws Exception {
        commandSide = CommandSideInstance.withPagila(clock, "sign_in",
                "pagila.security.lockout.max-failures=" + LOCKOUT_AFTER, "pagila.security.client-limit.max-failures=" + CLIENT_LIMIT,
                "pagila.security.operator.password=" + OPERATOR_PASSWORD, "pagila.security.keys.publish-before-use=3s");
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
    void theOperatorsResetReplacesAManagersPasswordAndTheOldOneNoLongerWorks() throws Exception {
        HttpResponse<String> reset = put("/api/staff/1/password", "{\"password\": \"short\"}", operator());
        assertThat(reset.statusCode()).as("too short: refused, naming the field").isEqualTo(400);
        assertThat(reset.body()).contains("\"field\":\"password\"");
        assertThat(put("/api/staff/1/password", "{\"password\": \"mikes-new-secret\"}", bearer("Jon", "12345")).statusCode())
                .as("Jon manages the other store, and Mike is a manager").isEqualTo(403);

        reset = put("/api/staff/1/password", "{\"password\": \"mikes-new-secret\"}", operator());

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
    void theOperatorLiftsALockoutBySettingANewPassword() throws Exception {
        HttpResponse<String> reset = put("/api/staff/1/password", "{\"password\": \"after-the-lockout\"}", operator());

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
    void twentySimultaneousWrongGuessesAreTwentyFailuresAndLeaveTheAccountLocked() throws Exception {
        account("parallel", "the-right-password", 1, false, true);
        ExecutorService guessers = Executors.newFixedThreadPool(20);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                String guess = "wrong-guess-" + i;
                answers.add(guessers.submit(() -> {
                    start.await();
                    return commandSide.signIn("parallel", guess).statusCode();
                }));
            }
            start.countDown();
            for (Future<Integer> answer : answers) {
                assertThat(answer.get()).isEqualTo(401);
            }
        } finally {
            guessers.shutdownNow();
        }

        assertThat(failedAttempts("parallel")).isEqualTo(20);
        assertThat(commandSide.signIn("parallel", "the-right-password").statusCode()).as("locked after the first " + LOCKOUT_AFTER)
                .isEqualTo(401);
    }

    /**
     * Every refusal pays one bcrypt, whatever its reason. The band: a refusal that skipped bcrypt would take a few
     * milliseconds of database work against bcrypt's tens, so its median would sit at a small fraction of the others';
     * medians of interleaved rounds within a factor of 1.6 of each other leave room for a noisy machine and none for
     * a missing bcrypt.
     */
    @Test
    @Order(7)
    void everyRefusedSignInTakesAsLongWhetherTheAccountIsUnknownLegacyLockedOrInactive() {
        account("timing-wrong", "timing-password", 1, false, true);
        account("timing-locked", "timing-password", 1, false, true);
        account("timing-inactive", "timing-password", 1, false, false);
        jdbc.update("INSERT INTO identity.account (username, password_hash, staff_id, store_id) VALUES ('timing-legacy', ?, ?, 1)",
                Accounts.legacyHash("8cb2237d0679ca88db6464eac60da96345513964"), staffIds.incrementAndGet());
        SignIns signIns = commandSide.bean(SignIns.class);
        Accounts accounts = commandSide.bean(Accounts.class);
        for (int i = 0; i < LOCKOUT_AFTER; i++) {
            signIns.signIn("timing-locked", "not-it");
        }
        Map<String, Runnable> refusals = new LinkedHashMap<>();
        refusals.put("unknown user", () -> assertThat(signIns.signIn("timing-nobody", "timing-password")).isEmpty());
        refusals.put("wrong password", () -> assertThat(signIns.signIn("timing-wrong", "not-the-password")).isEmpty());
        refusals.put("wrong password, legacy SHA-1 hash", () -> assertThat(signIns.signIn("timing-legacy", "not-12345")).isEmpty());
        refusals.put("locked, right password", () -> assertThat(signIns.signIn("timing-locked", "timing-password")).isEmpty());
        refusals.put("inactive, right password", () -> assertThat(signIns.signIn("timing-inactive", "timing-password")).isEmpty());
        Map<String, List<Long>> nanos = new LinkedHashMap<>();
        for (int round = 0; round < 11; round++) {
            for (Map.Entry<String, Runnable> refusal : refusals.entrySet()) {
                accounts.unlock("timing-wrong"); // a wrong password, not a lockout, is what this one measures
                accounts.unlock("timing-legacy");
                long start = System.nanoTime();
                refusal.getValue().run();
                if (round > 0) { // the first round loads classes and warms the JIT
                    nanos.computeIfAbsent(refusal.getKey(), any -> new ArrayList<>()).add(System.nanoTime() - start);
                }
            }
        }
        Map<String, Long> medians = new LinkedHashMap<>();
        nanos.forEach((reason, times) -> medians.put(reason, times.stream().sorted().toList().get(times.size() / 2)));
        long fastest = medians.values().stream().min(Long::compare).orElseThrow();
        long slowest = medians.values().stream().max(Long::compare).orElseThrow();
        assertThat((double) slowest / fastest).as("median nanoseconds per refusal: " + medians).isLessThan(1.6);
    }

    @Test
    @Order(8)
    void aClerkChangesTheirOwnPasswordOnlyWithTheCurrentOneAndNobodyElses() throws Exception {
        int clerk = account("clerk-own", "clerk-first-secret", 1, false, true);
        int colleague = account("clerk-colleague", "colleague-secret", 1, false, true);
        String token = bearer("clerk-own", "clerk-first-secret");

        HttpResponse<String> withoutCurrent = put("/api/staff/" + clerk + "/password", "{\"password\": \"clerk-second-secret\"}", token);
        HttpResponse<String> wrongCurrent = put("/api/staff/" + clerk + "/password",
                "{\"password\": \"clerk-second-secret\", \"currentPassword\": \"a-guess\"}", token);
        HttpResponse<String> someoneElses = put("/api/staff/" + colleague + "/password",
                "{\"password\": \"clerk-second-secret\", \"currentPassword\": \"clerk-first-secret\"}", token);

        assertThat(withoutCurrent.statusCode()).isEqualTo(400);
        assertThat(withoutCurrent.body()).contains("\"field\":\"currentPassword\"");
        assertThat(wrongCurrent.statusCode()).isEqualTo(400);
        assertThat(wrongCurrent.body()).contains("\"field\":\"currentPassword\"");
        assertThat(failedAttempts("clerk-own")).as("a wrong current password counts towards the lockout").isEqualTo(1);
        assertThat(someoneElses.statusCode()).isEqualTo(403);
        assertThat(json.readTree(someoneElses.body()).get("detail").asText()).isEqualTo(PasswordAuthority.REFUSAL);
        assertThat(commandSide.signIn("clerk-colleague", "colleague-secret").statusCode()).isEqualTo(200);

        assertThat(put("/api/staff/" + clerk + "/password",
                "{\"password\": \"clerk-second-secret\", \"currentPassword\": \"clerk-first-secret\"}", token).statusCode())
                .isEqualTo(204);
        assertThat(commandSide.signIn("clerk-own", "clerk-first-secret").statusCode()).isEqualTo(401);
        assertThat(commandSide.signIn("clerk-own", "clerk-second-secret").statusCode()).isEqualTo(200);
    }

    @Test
    @Order(9)
    void aManagerResetsTheirOwnStoresClerksOnly() throws Exception {
        int ownClerk = account("store-two-clerk", "store-two-secret", 2, false, true);
        int otherStoresClerk = account("store-one-clerk", "store-one-secret", 1, false, true);
        int fellowManager = account("store-two-manager", "store-two-manager-secret", 2, true, true);
        String jon = bearer("Jon", "12345"); // manages store 2

        assertThat(put("/api/staff/" + otherStoresClerk + "/password", "{\"password\": \"reset-by-jon-1\"}", jon).statusCode())
                .isEqualTo(403);
        assertThat(put("/api/staff/" + fellowManager + "/password", "{\"password\": \"reset-by-jon-1\"}", jon).statusCode())
                .isEqualTo(403);
        assertThat(put("/api/staff/" + ownClerk + "/password", "{\"password\": \"reset-by-jon-1\"}", jon).statusCode())
                .isEqualTo(204);
        assertThat(commandSide.signIn("store-two-clerk", "reset-by-jon-1").statusCode()).isEqualTo(200);
        assertThat(commandSide.signIn("store-one-clerk", "store-one-secret").statusCode()).isEqualTo(200);
    }

    @Test
    @Order(10)
    void commonAndOverlongPasswordsAreRefusedNamingTheFieldAndNothingChanges() throws Exception {
        int clerk = account("picky", "picky-first-secret", 1, false, true);
        String twoBytesEach = "é".repeat(37); // 37 characters, 74 bytes: past bcrypt's 72

        for (String refused : List.of("iloveyou", "Password1", "a".repeat(73), twoBytesEach)) {
            HttpResponse<String> answer = put("/api/staff/" + clerk + "/password", "{\"password\": \"" + refused + "\"}", operator());
            assertThat(answer.statusCode()).as(refused).isEqualTo(400);
            assertThat(answer.body()).as(refused).contains("\"field\":\"password\"");
        }
        assertThat(commandSide.signIn("picky", "picky-first-secret").statusCode()).isEqualTo(200);
    }

    @Test
    @Order(11)
    void theOperatorUnlocksAnyAccountAndOnlyTheOperatorMay() throws Exception {
        account("locked-out", "locked-out-secret", 1, false, true);
        for (int i = 0; i < LOCKOUT_AFTER; i++) {
            commandSide.signIn("locked-out", "guess-" + i);
        }
        assertThat(commandSide.signIn("locked-out", "locked-out-secret").statusCode()).isEqualTo(401);

        HttpResponse<String> byAManager = commandSide.send(HttpRequest.newBuilder(java.net.URI.create(
                commandSide.url("/api/accounts/locked-out/lock"))).DELETE(), bearer("Jon", "12345"));
        HttpResponse<String> unknown = commandSide.send(HttpRequest.newBuilder(java.net.URI.create(
                commandSide.url("/api/accounts/nobody-here/lock"))).DELETE(), operator());
        HttpResponse<String> unlocked = commandSide.send(HttpRequest.newBuilder(java.net.URI.create(
                commandSide.url("/api/accounts/locked-out/lock"))).DELETE(), operator());

        assertThat(byAManager.statusCode()).isEqualTo(403);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unlocked.statusCode()).isEqualTo(204);
        assertThat(commandSide.signIn("locked-out", "locked-out-secret").statusCode()).isEqualTo(200);
    }

    @Test
    @Order(12)
    void anOversizedSignInBodyIsRefusedBeforeItIsRead() throws Exception {
        String padding = "x".repeat(SignInBodyLimit.MAX_BYTES);
        HttpResponse<String> refused = commandSide.send(HttpRequest.newBuilder(java.net.URI.create(commandSide.url("/api/auth/token")))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                        "{\"username\": \"Jon\", \"password\": \"12345\", \"padding\": \"" + padding + "\"}")), null);

        assertThat(refused.statusCode()).isEqualTo(413);
        assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(commandSide.signIn("Jon", "12345").statusCode()).isEqualTo(200);
    }

    @Test
    @Order(14)
    void aLockedAccountStaysLockedFifteenMinutesWhateverIsTriedMeanwhileThenSignsIn() throws Exception {
        account("patient", "patient-secret", 1, false, true);
        for (int i = 0; i < LOCKOUT_AFTER; i++) {
            assertThat(commandSide.signIn("patient", "guess-" + i).statusCode()).isEqualTo(401);
        }
        Timestamp lockedUntil = jdbc.queryForObject("SELECT locked_until FROM identity.account WHERE username = 'patient'", Timestamp.class);
        Duration left = Duration.between(clock.instant(), lockedUntil.toInstant());
        assertThat(left).isBetween(Duration.ofMinutes(15).minusSeconds(5), Duration.ofMinutes(15));

        for (int minute = 0; minute < 14; minute += 2) { // one try every two minutes, right and wrong alike
            clock.advance(Duration.ofMinutes(2));
            assertThat(commandSide.signIn("patient", "patient-secret").statusCode()).isEqualTo(401);
            assertThat(commandSide.signIn("patient", "another-guess").statusCode()).isEqualTo(401);
        }
        clock.advance(Duration.between(clock.instant(), lockedUntil.toInstant()).minusSeconds(1));
        assertThat(commandSide.signIn("patient", "patient-secret").statusCode()).as("a second before the end").isEqualTo(401);
        assertThat(jdbc.queryForObject("SELECT locked_until FROM identity.account WHERE username = 'patient'", Timestamp.class))
                .as("never extended").isEqualTo(lockedUntil);

        clock.advance(Duration.ofSeconds(2));
        assertThat(commandSide.signIn("patient", "patient-secret").statusCode()).isEqualTo(200);
    }

    @Test
    @Order(13)
    void aDeactivatedMemberOfStaffCannotSignIn() throws Exception {
        HttpResponse<String> deactivated = commandSide.send(HttpRequest.newBuilder(java.net.URI.create(commandSide.url("/api/staff/1/deactivate")))
                .POST(HttpRequest.BodyPublishers.noBody()), bearer("Jon", "12345"));

        assertThat(deactivated.statusCode()).as(deactivated.body()).isEqualTo(200);
        assertThat(commandSide.signIn("Mike", "after-the-lockout").statusCode()).isEqualTo(401);
    }

    @Test
    @Order(15)
    void rotatingTheSigningKeyRefusesNoValidTokenOnEitherSideWhileTokensAreInFlight() throws Exception {
        JwtDecoder commandSideTokens = commandSide.bean(JwtDecoder.class);
        JwtDecoder resourceServer = ResourceServerSecurity.platformTokens(ResourceServerSecurity.signedWithOneOf(
                ResourceServerSecurity.publishedKeys(java.net.URI.create(commandSide.url("/oauth2/jwks")).toURL(), Duration.ofSeconds(1))),
                "http://localhost:8080", clock);
        String before = operator();
        String oldKey = keyIdOf(before);
        List<String> tokens = new CopyOnWriteArrayList<>(List.of(before));
        List<String> refusals = new CopyOnWriteArrayList<>();
        AtomicBoolean running = new AtomicBoolean(true);
        Thread traffic = new Thread(() -> { // signs in and uses every token so far, on both sides, until stopped
            while (running.get()) {
                try {
                    tokens.add(operator());
                    for (String token : tokens) {
                        HttpResponse<String> used = commandSide.send(HttpRequest.newBuilder(java.net.URI.create(
                                commandSide.url("/api/signing-keys"))).GET(), token);
                        if (used.statusCode() != 200) {
                            refusals.add("command side " + used.statusCode() + " for a token of key " + keyIdOf(token));
                        }
                        resourceServer.decode(token.substring("Bearer ".length()));
                    }
                } catch (Exception e) {
                    refusals.add(e.toString());
                }
            }
        });
        traffic.start();
        try {
            HttpResponse<String> published = commandSide.send(HttpRequest.newBuilder(java.net.URI.create(commandSide.url("/api/signing-keys")))
                    .POST(HttpRequest.BodyPublishers.noBody()), operator());
            assertThat(published.statusCode()).as(published.body()).isEqualTo(201);
            String newKey = json.readTree(published.body()).get("keyId").asText();
            String activation = "/api/signing-keys/" + newKey + "/activation";
            HttpResponse<String> tooEarly = commandSide.send(HttpRequest.newBuilder(java.net.URI.create(commandSide.url(activation)))
                    .POST(HttpRequest.BodyPublishers.noBody()), operator());
            assertThat(tooEarly.statusCode()).as("published too recently for cached key sets").isEqualTo(409);
            assertThat(json.readTree(tooEarly.body()).get("activateFrom").asText()).isNotBlank();
            assertThat(keyIdOf(operator())).as("the next key does not sign yet").isEqualTo(oldKey);
            Thread.sleep(1_500); // the resource server's cache (1 s) has had the key set with the next key

            clock.advance(Duration.ofSeconds(3));
            HttpResponse<String> activated = commandSide.send(HttpRequest.newBuilder(java.net.URI.create(commandSide.url(activation)))
                    .POST(HttpRequest.BodyPublishers.noBody()), operator());

            assertThat(activated.statusCode()).as(activated.body()).isEqualTo(200);
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (tokens.stream().filter(token -> keyIdOf(token).equals(newKey)).count() < 3 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(tokens).as("tokens of both keys were used").extracting(this::keyIdOf).contains(oldKey, newKey);
        } finally {
            running.set(false);
            traffic.join();
        }
        assertThat(refusals).as("valid tokens refused during the rotation").isEmpty();
        assertThat(json.readTree(commandSide.get("/oauth2/jwks").body()).get("keys")).as("the previous key, until its tokens expire")
                .hasSize(2);

        clock.advance(Duration.ofMinutes(17)); // past the longest token's life, the skew and the instances' refresh
        assertThat(json.readTree(commandSide.get("/oauth2/jwks").body()).get("keys")).as("retired").hasSize(1);
        assertThat(keyIdOf(operator())).isNotEqualTo(oldKey);
    }

    private String keyIdOf(String bearer) {
        try {
            String header = bearer.substring("Bearer ".length()).split("\\.")[0];
            return json.readTree(java.util.Base64.getUrlDecoder().decode(header)).get("kid").asText();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    @Order(16)
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

    private HttpResponse<String> put(String path, String body, String authorization) throws Exception {
        return commandSide.send(HttpRequest.newBuilder(java.net.URI.create(commandSide.url(path)))
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(body)), authorization);
    }

    private String operator() throws Exception {
        return bearer("admin", OPERATOR_PASSWORD);
    }

    /** A member of staff's account with a password, straight into the accounts table; answers its staff id. */
    private int account(String username, String password, int storeId, boolean manager, boolean active) {
        int staffId = staffIds.incrementAndGet();
        jdbc.update("INSERT INTO identity.account (username, password_hash, staff_id, store_id, manager, active, password_set_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, now())", username, commandSide.bean(PasswordEncoder.class).encode(password), staffId,
                storeId, manager, active);
        return staffId;
    }

    private int failedAttempts(String username) {
        return jdbc.queryForObject("SELECT failed_attempts FROM identity.account WHERE username = ?", Integer.class, username);
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
