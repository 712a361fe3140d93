package dev.pagila.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

/**
 * Signs in to the command API as one account and keeps a token for the tools (launcher, CLI, parity check,
 * benchmarks), signing in again shortly before it expires.
 */
public final class ApiSession {

    /** Pagila's sample staff: both managers, both with the sample's password until someone changes it. */
    public static final String SAMPLE_STAFF = "Mike";
    public static final String SAMPLE_PASSWORD = "12345";
    /** Where the tools read a password from, so that it never has to be typed on a command line. */
    public static final String PASSWORD_ENVIRONMENT = "PAGILA_PASSWORD";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final String commandApi;
    private final String username;
    private final String password;
    private String token;
    private Instant renewAfter = Instant.MIN;

    public ApiSession(String commandApi, String username, String password) {
        this.commandApi = commandApi;
        this.username = username;
        this.password = password;
    }

    /** Signed in as {@code username} with the password from {@code PAGILA_PASSWORD}, else the sample's. */
    public static ApiSession staff(String commandApi, String username) {
        String password = System.getenv(PASSWORD_ENVIRONMENT);
        return new ApiSession(commandApi, username, password == null || password.isBlank() ? SAMPLE_PASSWORD : password);
    }

    public String username() {
        return username;
    }

    /** The {@code Authorization} header's value. */
    public synchronized String authorization() {
        if (token == null || Instant.now().isAfter(renewAfter)) {
            signIn();
        }
        return "Bearer " + token;
    }

    /** Sends a request as this account; {@code jsonBody}, when there is one, as JSON. */
    public HttpResponse<String> send(String method, String url, String jsonBody, Duration timeout)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(timeout)
                .header("Authorization", authorization())
                .method(method, jsonBody == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(jsonBody));
        if (jsonBody != null) {
            request.header("Content-Type", "application/json");
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private void signIn() {
        try {
            String body = JSON.writeValueAsString(java.util.Map.of("username", username, "password", password));
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(commandApi + "/api/auth/token"))
                    .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new SignInException("signing in to " + commandApi + " as " + username + " failed: HTTP "
                        + response.statusCode() + " " + response.body());
            }
            JsonNode answer = JSON.readTree(response.body());
            token = answer.get("access_token").asText();
            renewAfter = Instant.now().plusSeconds(Math.max(0, answer.get("expires_in").asLong() - 60));
        } catch (IOException e) {
            throw new SignInException("cannot reach the command API at " + commandApi + " to sign in: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SignInException("interrupted while signing in");
        }
    }

    public static final class SignInException extends RuntimeException {
        public SignInException(String message) {
            super(message);
        }
    }
}
