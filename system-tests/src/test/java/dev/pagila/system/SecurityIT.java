package dev.pagila.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Who may do what on both apps: database roles, tokens, roles per endpoint, staff passwords and what never leaks. */
@ExtendWith(ServedPlatform.class)
class SecurityIT {

    private final PlatformDriver driver;

    SecurityIT(PlatformDriver driver) {
        this.driver = driver;
    }

    @Test
    void theQuerySidesRoleCanReadEventsButNeverWriteThem() throws Exception {
        try (Connection query = DriverManager.getConnection(driver.options().endpoints().jdbcUrl(), "pagila_query", "pagila_query");
             Statement statement = query.createStatement()) {
            assertThat(statement.executeQuery("SELECT count(*) FROM events.domain_event_entry").next()).isTrue();
            assertThatThrownBy(() -> statement.executeUpdate("DELETE FROM events.domain_event_entry"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("permission denied");
        }
    }

    @Test
    void theCommandSidesConnectionCommitsToDiskBeforeACommandIsAcknowledged() throws Exception {
        try (Connection command = DriverManager.getConnection(driver.options().endpoints().jdbcUrl(), "pagila_command",
                "pagila_command"); Statement statement = command.createStatement()) {
            for (String setting : List.of("synchronous_commit", "fsync")) {
                try (var value = statement.executeQuery("SHOW " + setting)) {
                    value.next();
                    assertThat(value.getString(1)).as(setting).isEqualTo("on");
                }
            }
        }
    }

    /**
     * Who may call what, written down once more beside the apps' security rules: every endpoint in either OpenAPI
     * document must match one of these (a new endpoint without a rule here fails), needs a token, and answers 403 to
     * a token of any role that is not enough. The first matching rule wins.
     */
    private static final List<Map.Entry<Pattern, String>> ROLES = List.of(
            Map.entry(Pattern.compile("command (GET|POST|PUT|DELETE) /(actuator|api/migration|api/accounts|api/signing-keys)(/.*)?"), "ADMIN"),
            Map.entry(Pattern.compile("command PUT /api/staff/\\{staffId}/password"), "SIGNED_IN"),
            Map.entry(Pattern.compile("command POST /api/(rentals|rentals/\\{rentalId}/return|payments)"), "STAFF"),
            Map.entry(Pattern.compile("command (GET|POST|PUT|DELETE) /api/customers(/.*)?"), "STAFF"),
            Map.entry(Pattern.compile("command (GET|POST|PUT|DELETE) /api/.*"), "MANAGER"),
            Map.entry(Pattern.compile("query (GET|POST|PUT|DELETE) /(admin|actuator)(/.*)?"), "ADMIN"),
            Map.entry(Pattern.compile("query GET /api/(customers|staff|reports|inventory)(/.*)?"), "STAFF"));

    /** Anyone may read the film catalogue; everything else needs a token and the right role, whichever endpoint a change adds. */
    @Test
    void everyEndpointButThePublicCatalogueAndSignInRefusesARequestWithoutATokenOrWithTooSmallARole() throws Exception {
        Pattern publicQueries = Pattern.compile("GET /api/(films|actors|categories)(/.*)?");
        Set<String> publicCommands = Set.of("POST /api/auth/token", "GET /oauth2/jwks");
        RSAKey platformKey = platformKey();
        Map<String, String> tokenOf = Map.of(
                "clerk", "Bearer " + signed(platformKey, platformKey.getKeyID(), claims(Instant.now()).claim("roles", List.of("STAFF"))),
                "manager", driver.mike().authorization(),
                "operator", driver.platform().operator().authorization());
        Map<String, List<String>> refusedRoles = Map.of("ADMIN", List.of("clerk", "manager"), "MANAGER", List.of("clerk", "operator"),
                "STAFF", List.of("operator"), "SIGNED_IN", List.of());
        List<String> protectedEndpoints = new ArrayList<>();
        for (String api : List.of(driver.platform().commandApi(), driver.platform().queryApi())) {
            String side = api.equals(driver.platform().commandApi()) ? "command" : "query";
            JsonNode document = driver.json.readTree(driver.get(api + "/v3/api-docs").body());
            assertThat(document.at("/components/securitySchemes/bearer/scheme").asText()).as("the bearer scheme, for Swagger UI")
                    .isEqualTo("bearer");
            JsonNode paths = document.get("paths");
            for (Map.Entry<String, JsonNode> path : paths.properties()) {
                for (String method : (Iterable<String>) () -> path.getValue().fieldNames()) {
                    String endpoint = method.toUpperCase(Locale.ROOT) + " " + path.getKey();
                    if (publicCommands.contains(endpoint) || (side.equals("query") && publicQueries.matcher(endpoint).matches())) {
                        continue;
                    }
                    String url = api + path.getKey().replaceAll("\\{[^}]+}", "1");
                    String body = method.equals("get") || method.equals("delete") ? null : "{}";
                    HttpResponse<String> anonymous = driver.send(method.toUpperCase(Locale.ROOT), url, body, null);
                    assertThat(anonymous.statusCode()).as(endpoint + " on " + api).isEqualTo(401);
                    assertThat(anonymous.headers().firstValue("Content-Type")).as(endpoint).hasValue("application/problem+json");
                    assertThat(driver.json.readTree(anonymous.body()).get("type").asText()).isEqualTo("urn:pagila:problem:unauthorized");
                    String role = ROLES.stream().filter(rule -> rule.getKey().matcher(side + " " + endpoint).matches())
                            .map(Map.Entry::getValue).findFirst()
                            .orElseThrow(() -> new AssertionError("no role is written down for " + side + " " + endpoint));
                    for (String tooSmall : refusedRoles.get(role)) {
                        HttpResponse<String> refused = driver.send(method.toUpperCase(Locale.ROOT), url, body, tokenOf.get(tooSmall));
                        assertThat(refused.statusCode()).as(side + " " + endpoint + " needs " + role + ", called by a " + tooSmall)
                                .isEqualTo(403);
                        assertThat(driver.json.readTree(refused.body()).get("type").asText()).isEqualTo("urn:pagila:problem:forbidden");
                    }
                    protectedEndpoints.add(endpoint);
                }
            }
        }
        assertThat(protectedEndpoints).contains("POST /api/rentals", "POST /api/films", "PUT /api/films/{filmId}/pricing",
                "GET /api/customers", "GET /api/customers/{customerId}/balance", "GET /api/staff",
                "GET /api/reports/sales-by-store", "GET /api/inventory/{copyId}", "GET /admin/processors",
                "POST /admin/read-model/rebuild", "POST /api/signing-keys", "DELETE /api/accounts/{username}/lock");
        assertThat(driver.get(driver.platform().queryApi() + "/api/films?rating=PG").statusCode()).isEqualTo(200);
        assertThat(driver.get(driver.platform().queryApi() + "/api/actors/1").statusCode()).isEqualTo(200);
    }

    @Test
    void aHiredClerkSignsInOnceAPasswordIsSetAndMayServeCustomersButNotRunTheCatalogue() throws Exception {
        String firstPassword = "first-day-at-the-counter";
        String ownPassword = "my-own-counter-secret";
        int hugh = hire("Hugh");
        assertThat(signIn("Hugh", firstPassword).statusCode()).as("no password set yet").isEqualTo(401);
        assertThat(driver.put("/api/staff/" + hugh + "/password", "{\"password\": \"" + firstPassword + "\"}")
                .statusCode()).isEqualTo(204);

        HttpResponse<String> signedIn = signIn("Hugh", firstPassword);
        assertThat(signedIn.statusCode()).isEqualTo(200);
        assertThat(driver.json.readTree(signedIn.body()).get("roles")).extracting(JsonNode::asText).containsExactly("STAFF");
        String clerk = bearer(signedIn);
        HttpResponse<String> film = driver.send("POST", driver.platform().commandApi() + "/api/films", PlatformDriver.ACADEMY_DINOSAUR, clerk);
        assertThat(film.statusCode()).as("the catalogue is a manager's").isEqualTo(403);
        assertThat(driver.json.readTree(film.body()).get("type").asText()).isEqualTo("urn:pagila:problem:forbidden");
        assertThat(driver.send("GET", driver.platform().queryApi() + "/api/customers/1", null, clerk).statusCode()).isEqualTo(200);
        assertThat(driver.send("PUT", driver.platform().commandApi() + "/api/staff/1/password", "{\"password\": \"mine-now-12345\"}", clerk)
                .statusCode()).as("a clerk sets only their own password").isEqualTo(403);
        assertThat(driver.send("GET", driver.platform().queryApi() + "/admin/processors", null, clerk).statusCode()).isEqualTo(403);
        HttpResponse<String> operatorFilm = driver.send("POST", driver.platform().commandApi() + "/api/films", PlatformDriver.ACADEMY_DINOSAUR,
                driver.platform().operator().authorization());
        assertThat(operatorFilm.statusCode()).as("the operations account runs no shop").isEqualTo(403);

        assertThat(driver.send("PUT", driver.platform().commandApi() + "/api/staff/" + hugh + "/password",
                "{\"password\": \"" + ownPassword + "\"}", clerk).statusCode()).as("one's own, without the current one").isEqualTo(400);
        assertThat(driver.send("PUT", driver.platform().commandApi() + "/api/staff/" + hugh + "/password",
                "{\"password\": \"" + ownPassword + "\", \"currentPassword\": \"" + firstPassword + "\"}", clerk)
                .statusCode()).isEqualTo(204);
        assertThat(signIn("Hugh", firstPassword).statusCode()).as("the old password").isEqualTo(401);
        assertThat(signIn("Hugh", ownPassword).statusCode()).isEqualTo(200);
    }

    @Test
    void aClerkRentsInTheirOwnNameOnlyAndTheEventsSayWhoSignedIn() throws Exception {
        int hannah = hire("Hannah");
        setFirstPassword(hannah, "hannahs-counter-secret");
        String clerk = bearer(signIn("Hannah", "hannahs-counter-secret"));
        int copy = driver.copiesInStock(1).get(0);
        long eventsBefore = driver.eventCount();
        long lastBefore = driver.lastPosition();

        HttpResponse<String> asMike = driver.send("POST", driver.platform().commandApi() + "/api/rentals",
                "{\"inventoryId\": " + copy + ", \"customerId\": 1, \"staffId\": 1}", clerk);
        assertThat(asMike.statusCode()).isEqualTo(403);
        assertThat(driver.json.readTree(asMike.body()).get("errors").findValuesAsText("field")).containsExactly("staffId");
        assertThat(driver.eventCount()).isEqualTo(eventsBefore);

        HttpResponse<String> rented = driver.send("POST", driver.platform().commandApi() + "/api/rentals",
                "{\"inventoryId\": " + copy + ", \"customerId\": 1}", clerk);
        assertThat(rented.statusCode()).as(rented.body()).isEqualTo(201);
        int rental = driver.json.readTree(rented.body()).get("rentalId").asInt();
        HttpResponse<String> returned = driver.send("POST", driver.platform().commandApi() + "/api/rentals/" + rental + "/return", null, clerk);
        assertThat(returned.statusCode()).isEqualTo(200);
        try (Connection admin = driver.platform().stack().adminDataSource().getConnection();
             Statement statement = admin.createStatement();
             var events = statement.executeQuery("SELECT payload_type, convert_from(payload, 'UTF8'), convert_from(meta_data, 'UTF8')"
                     + " FROM events.domain_event_entry WHERE global_index > " + lastBefore + " ORDER BY global_index")) {
            assertThat(events.next()).isTrue();
            assertThat(events.getString(1)).endsWith("FilmRentedEvent");
            assertThat(driver.json.readTree(events.getString(2)).get("staffId").asInt()).isEqualTo(hannah);
            assertThat(driver.json.readTree(events.getString(3)).get("signed_in_as").asText()).isEqualTo("Hannah");
            assertThat(events.next()).isTrue();
            assertThat(events.getString(1)).endsWith("RentalReturnedEvent");
            assertThat(driver.json.readTree(events.getString(3)).get("signed_in_as").asText()).isEqualTo("Hannah");
        }
    }

    @Test
    void bothAppsRefuseExpiredTamperedForeignAndIncompleteTokensWithoutEverSeeingAPassword() throws Exception {
        String customers = driver.platform().queryApi() + "/api/customers/1";
        RSAKey platformKey = platformKey();
        Instant now = Instant.now();
        assertThat(driver.send("GET", customers, null, "Bearer " + token(platformKey, now.minusSeconds(60))).statusCode())
                .as("the platform's own key, the right claims: the control").isEqualTo(200);

        HttpResponse<String> expired = driver.send("GET", customers, null, "Bearer " + token(platformKey, now.minusSeconds(7200)));
        assertThat(expired.statusCode()).as("expired").isEqualTo(401);
        assertThat(driver.json.readTree(expired.body()).get("type").asText()).isEqualTo("urn:pagila:problem:unauthorized");
        assertThat(expired.headers().firstValue("WWW-Authenticate").orElse("")).contains("invalid_token");

        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair foreign = generator.generateKeyPair();
        RSAKey impostor = new RSAKey.Builder((RSAPublicKey) foreign.getPublic()).privateKey(foreign.getPrivate())
                .keyID(platformKey.getKeyID()).build();
        assertThat(driver.send("GET", customers, null, "Bearer " + token(impostor, now.minusSeconds(60))).statusCode())
                .as("signed with another key under the platform's key id").isEqualTo(401);

        String[] parts = driver.mike().authorization().substring("Bearer ".length()).split("\\.");
        String claims = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace("\"MANAGER\"", "\"MANAGER\",\"ADMIN\"");
        String tampered = parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(claims.getBytes(StandardCharsets.UTF_8))
                + "." + parts[2];
        assertThat(driver.send("GET", driver.platform().queryApi() + "/admin/processors", null, "Bearer " + tampered).statusCode())
                .as("a manager's token given the admin role").isEqualTo(401);

        Instant issued = now.minusSeconds(60);
        Map<String, String> refused = new java.util.LinkedHashMap<>();
        refused.put("without exp", signed(platformKey, platformKey.getKeyID(), claims(issued).expirationTime(null)));
        refused.put("without iat", signed(platformKey, platformKey.getKeyID(), claims(issued).issueTime(null)));
        refused.put("without kid", signed(platformKey, null, claims(issued)));
        refused.put("another audience", signed(platformKey, platformKey.getKeyID(), claims(issued).audience("elsewhere")));
        refused.put("another issuer", signed(platformKey, platformKey.getKeyID(), claims(issued).issuer("https://issuer.example")));
        refused.put("expired beyond the 30 s skew", signed(platformKey, platformKey.getKeyID(),
                claims(issued).expirationTime(Date.from(now.minusSeconds(40)))));
        refused.put("alg none", new PlainJWT(claims(issued).build()).serialize());
        SignedJWT macWithPublicKey = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(platformKey.getKeyID()).build(),
                claims(issued).build());
        macWithPublicKey.sign(new MACSigner(platformKey.toPublicKey().getEncoded()));
        refused.put("HS256 with the public key as secret", macWithPublicKey.serialize());
        for (Map.Entry<String, String> token : refused.entrySet()) {
            assertThat(driver.send("GET", customers, null, "Bearer " + token.getValue()).statusCode())
                    .as("query side: " + token.getKey()).isEqualTo(401);
            assertThat(driver.send("GET", driver.platform().commandApi() + "/actuator/metrics", null, "Bearer " + token.getValue()).statusCode())
                    .as("command side: " + token.getKey()).isEqualTo(401);
        }
        assertThat(driver.send("GET", driver.platform().commandApi() + "/actuator/metrics", null, "Bearer " + token(platformKey, issued))
                .statusCode()).as("the control on the command side: a manager, not an admin").isEqualTo(403);
    }

    @Test
    void noPasswordNorHashIsInTheEventsTheLogsOrAnyAnswer() throws Exception {
        String first = "harriets-first-secret";
        String own = "harriets-own-secret";
        long before = driver.lastPosition();
        int harriet = hire("Harriet");
        setFirstPassword(harriet, first);
        assertThat(driver.send("PUT", driver.platform().commandApi() + "/api/staff/" + harriet + "/password",
                "{\"password\": \"" + own + "\", \"currentPassword\": \"" + first + "\"}", bearer(signIn("Harriet", first)))
                .statusCode()).isEqualTo(204);
        // both of Harriet's passwords, Pagila's SHA-1 of 12345 and the marks of bcrypt
        List<String> secrets = List.of(first, own, "8cb2237d0679ca88db6464eac60da96345513964", "{bcrypt}", "$2a$");
        try (Connection admin = driver.platform().stack().adminDataSource().getConnection();
             Statement statement = admin.createStatement();
             var events = statement.executeQuery("SELECT convert_from(payload, 'UTF8') || coalesce(convert_from(meta_data, 'UTF8'), '')"
                     + " FROM events.domain_event_entry WHERE payload_type LIKE '%Staff%' OR global_index > 60000")) {
            while (events.next()) {
                String event = events.getString(1);
                assertThat(secrets).noneMatch(event::contains);
            }
        }
        try (var logs = Files.list(driver.options().dataDirectory().resolve("logs"))) {
            for (Path log : logs.toList()) {
                String text = Files.readString(log);
                assertThat(secrets).as(log.toString()).noneMatch(text::contains);
            }
        }
        String staffList = driver.json.writeValueAsString(driver.getJson("/api/staff"));
        assertThat(staffList).contains("Mike").doesNotContain("password");
        assertThat(secrets).noneMatch(staffList::contains);
        HttpResponse<String> refused = signIn("Harriet", "not-her-password");
        HttpResponse<String> unknown = signIn("Nobody", "not-her-password");
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.body()).as("an unknown user and a wrong password answer alike").isEqualTo(unknown.body());
    }

    /** Hires a clerk at store 1 under {@code username}, with no password yet; answers their staff id. */
    private int hire(String username) throws Exception {
        HttpResponse<String> hired = driver.post("/api/staff", """
                {"firstName": "%s", "lastName": "Counter", "storeId": 1, "username": "%s", "email": "%s@example.com",
                 "address": {"address": "1 High Street", "city": "Woodridge", "country": "Australia"}}"""
                .formatted(username, username, username.toLowerCase(Locale.ROOT)));
        assertThat(hired.statusCode()).as(hired.body()).isEqualTo(201);
        return driver.json.readTree(hired.body()).get("id").asInt();
    }

    /** The first password of a member of staff, set by Mike, their manager. */
    private void setFirstPassword(int staffId, String password) throws Exception {
        assertThat(driver.put("/api/staff/" + staffId + "/password", "{\"password\": \"" + password + "\"}").statusCode()).isEqualTo(204);
    }

    /** The key the command side signs with now, read from its database as only its own role could. */
    private RSAKey platformKey() throws Exception {
        try (Connection admin = driver.platform().stack().adminDataSource().getConnection();
             Statement statement = admin.createStatement();
             var key = statement.executeQuery("SELECT key_id, private_key, public_key FROM identity.signing_key"
                     + " WHERE activated_at IS NOT NULL AND retire_after IS NULL")) {
            assertThat(key.next()).isTrue();
            KeyFactory rsa = KeyFactory.getInstance("RSA");
            return new RSAKey.Builder((RSAPublicKey) rsa.generatePublic(new X509EncodedKeySpec(key.getBytes(3))))
                    .privateKey((RSAPrivateKey) rsa.generatePrivate(new PKCS8EncodedKeySpec(key.getBytes(2))))
                    .keyID(key.getString(1)).build();
        }
    }

    private HttpResponse<String> signIn(String username, String password) throws Exception {
        return driver.send("POST", driver.platform().commandApi() + "/api/auth/token",
                "{\"username\": \"" + username + "\", \"password\": \"" + password + "\"}", null);
    }

    private String bearer(HttpResponse<String> signedIn) throws IOException {
        assertThat(signedIn.statusCode()).as(signedIn.body()).isEqualTo(200);
        return "Bearer " + driver.json.readTree(signedIn.body()).get("access_token").asText();
    }

    /** A staff token for Mike as the command side would mint it, issued at {@code issuedAt}, signed with {@code key}. */
    private String token(RSAKey key, Instant issuedAt) throws Exception {
        return signed(key, key.getKeyID(), claims(issuedAt));
    }

    /** Mike's claims as the command side issues them, for 15 minutes from {@code issuedAt}. */
    private JWTClaimsSet.Builder claims(Instant issuedAt) {
        return new JWTClaimsSet.Builder().issuer(driver.platform().commandApi()).audience("pagila").subject("Mike")
                .issueTime(Date.from(issuedAt)).expirationTime(Date.from(issuedAt.plusSeconds(900)))
                .claim("roles", List.of("STAFF", "MANAGER")).claim("staff_id", 1).claim("store_id", 1);
    }

    private static String signed(RSAKey key, String keyId, JWTClaimsSet.Builder claims) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(keyId).build(), claims.build());
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }
}
