package dev.pagila.client;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.pagila.client.answer.CustomerBalance;
import dev.pagila.client.answer.FollowerStatus;
import dev.pagila.client.answer.Page;
import dev.pagila.client.answer.ProcessorStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The session against a small HTTP server standing in for both APIs. */
class ApiSessionTest {

    private HttpServer server;
    private String base;
    private final AtomicInteger signIns = new AtomicInteger();
    /** The token the server accepts; a sign-in hands out the next one. */
    private volatile String accepted = "none";
    private final List<String> authorizations = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/auth/token", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            if (!body.contains("\"password\":\"12345\"")) {
                answer(exchange, 401, "{\"type\":\"urn:pagila:problem:unauthorized\",\"status\":401}");
                return;
            }
            accepted = "token-" + signIns.incrementAndGet();
            answer(exchange, 200, "{\"access_token\":\"" + accepted + "\",\"token_type\":\"Bearer\",\"expires_in\":900,"
                    + "\"roles\":[\"STAFF\",\"MANAGER\"]}");
        });
        server.createContext("/admin/processors", exchange -> {
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            authorizations.add(String.valueOf(authorization));
            if (!("Bearer " + accepted).equals(authorization)) {
                answer(exchange, 401, "");
                return;
            }
            answer(exchange, 200, """
                    {"items": [{"name": "catalog", "position": 41, "head": 42, "lagEvents": 1, "lagSeconds": 0.5,
                      "replaying": false, "caughtUp": false, "runningHere": true, "errorHere": false, "deadLetters": 0,
                      "segments": [{"segment": 0, "owner": "query-side-1", "position": 41, "replaying": false},
                                   {"segment": 1, "position": 40, "replaying": false}], "notYetKnown": 7}]}""");
        });
        server.createContext("/open", exchange -> answer(exchange, 200,
                "{\"authorized\": " + exchange.getRequestHeaders().containsKey("Authorization") + "}"));
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
        exchange.close();
    }

    @Test
    void signsInOnceAndReadsAnswersIntoRecords() throws Exception {
        ApiSession session = new ApiSession(base, "Mike", "12345");

        Page<ProcessorStatus> first = session.getPage(base + "/admin/processors", ProcessorStatus.class);
        ApiResponse second = session.get(base + "/admin/processors");

        assertThat(signIns).hasValue(1);
        assertThat(authorizations).containsExactly("Bearer token-1", "Bearer token-1");
        ProcessorStatus catalog = first.items().get(0);
        assertThat(catalog.name()).isEqualTo("catalog");
        assertThat(catalog.lagSeconds()).isEqualTo(0.5);
        assertThat(catalog.segments()).extracting(segment -> segment.owner()).containsExactly("query-side-1", null);
        assertThat(first.next()).isNull();
        assertThat(second.status()).isEqualTo(200);
        assertThat(second.header("content-type")).contains("application/json");
    }

    @Test
    void signsInAgainOnceWhenItsTokenIsRefused() throws Exception {
        ApiSession session = new ApiSession(base, "Mike", "12345");
        session.authorization();
        accepted = "rotated-away";

        ApiResponse response = session.get(base + "/admin/processors");

        assertThat(response.status()).isEqualTo(200);
        assertThat(signIns).hasValue(2);
        assertThat(authorizations).containsExactly("Bearer token-1", "Bearer token-2");
    }

    @Test
    void aRefusedSignInIsAnAnswerForTheClientAndAnErrorForTheSession() throws Exception {
        ApiResponse refused = ApiClient.shared().signIn(base, "Mike", "wrong");

        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.as(dev.pagila.client.answer.Problem.class).status()).isEqualTo(401);
        assertThatThrownBy(() -> new ApiSession(base, "Mike", "wrong").get(base + "/admin/processors"))
                .isInstanceOf(ApiSession.SignInException.class).hasMessageContaining("HTTP 401");
    }

    @Test
    void sendsWithTheTokenItIsGivenOrNone() throws Exception {
        ApiClient client = new ApiClient(Duration.ofSeconds(2));
        String token = client.signIn(base, "Mike", "12345").as(dev.pagila.client.answer.AccessToken.class).accessToken();

        ApiResponse anonymous = client.send(ApiRequest.get(base + "/open"));
        ApiResponse signedIn = client.send(ApiRequest.get(base + "/admin/processors").withToken(token));
        ApiResponse stale = client.send(ApiRequest.get(base + "/admin/processors").withToken("stale"));

        assertThat(anonymous.body()).isEqualTo("{\"authorized\": false}");
        assertThat(signedIn.status()).isEqualTo(200);
        assertThat(stale.status()).as("no second sign-in without a session").isEqualTo(401);
        assertThat(ApiRequest.get(base).withToken(token).withAuthorization(null).headers()).isEmpty();
    }

    @Test
    void readsInstantsAndMoneyExactlyAndAbsentFieldsAsNull() {
        ApiResponse balance = new ApiResponse(200, null, """
                {"customerId": 7, "at": "2022-08-01T00:00:00Z", "balance": 0.10000000000000000001}""");
        ApiResponse follower = new ApiResponse(200, null, "{\"state\": \"following\", \"eventsAppended\": 3}");

        assertThat(balance.as(CustomerBalance.class).at()).isEqualTo(Instant.parse("2022-08-01T00:00:00Z"));
        assertThat(balance.as(CustomerBalance.class).balance()).isEqualTo(new BigDecimal("0.10000000000000000001"));
        assertThat(follower.as(FollowerStatus.class).slot()).isNull();
        assertThat(follower.as(FollowerStatus.class).lagBytes()).isNull();
        assertThat(follower.as(FollowerStatus.class).eventsAppended()).isEqualTo(3);
    }

    @Test
    void anUnreadableOrUnexpectedAnswerIsAnApiException() {
        ApiResponse html = new ApiResponse(502, null, "<html>Bad Gateway</html>");

        assertThatThrownBy(() -> html.as(FollowerStatus.class)).isInstanceOf(ApiException.class)
                .hasMessageContaining("HTTP 502").hasMessageContaining("FollowerStatus");
        assertThatThrownBy(() -> html.expect(200, 202)).isInstanceOf(ApiException.class)
                .hasMessage("HTTP 502: <html>Bad Gateway</html>");
        assertThat(html.expect(502)).isSameAs(html);
    }
}
