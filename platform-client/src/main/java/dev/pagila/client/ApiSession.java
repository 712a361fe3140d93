package dev.pagila.client;

import dev.pagila.client.answer.AccessToken;
import dev.pagila.client.answer.Page;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;

/**
 * One account signed in to the command API, for the tools (launcher, CLI, parity check, benchmarks) and the tests:
 * it signs in on its first request, again shortly before its token expires, and once more if the token is refused
 * (a rotated signing key, a restored event store). Requests go to either API with its token. Thread-safe.
 */
public final class ApiSession {

    /** Pagila's sample staff: both managers, both with the sample's password until someone changes it. */
    public static final String SAMPLE_STAFF = "Mike";
    public static final String SAMPLE_PASSWORD = "12345";
    /** Where the tools read a password from, so that it never has to be typed on a command line. */
    public static final String PASSWORD_ENVIRONMENT = "PAGILA_PASSWORD";

    /** Signed in again this long before the token expires, so that no request carries one that expires on the way. */
    private static final Duration RENEW_BEFORE_EXPIRY = Duration.ofSeconds(60);

    private final ApiClient client;
    private final String commandApi;
    private final String username;
    private final String password;
    private String token;
    private Instant renewAfter = Instant.MIN;

    public ApiSession(String commandApi, String username, String password) {
        this(ApiClient.shared(), commandApi, username, password);
    }

    public ApiSession(ApiClient client, String commandApi, String username, String password) {
        this.client = client;
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

    public ApiClient client() {
        return client;
    }

    /** The {@code Authorization} header's value, signing in first if there is no token or it is about to expire. */
    public synchronized String authorization() {
        if (token == null || Instant.now().isAfter(renewAfter)) {
            signIn();
        }
        return "Bearer " + token;
    }

    /**
     * Sends {@code request} with this account's token and answers as it came. A 401 means the token was refused before
     * anything was done: the session signs in again and sends it once more.
     */
    public ApiResponse send(ApiRequest request) throws IOException, InterruptedException {
        String authorization = authorization();
        ApiResponse response = client.send(request.withAuthorization(authorization));
        if (response.status() == 401) {
            forget(authorization);
            response = client.send(request.withAuthorization(authorization()));
        }
        return response;
    }

    /** Sends a request with this account's token; {@code jsonBody}, when there is one, as JSON. */
    public ApiResponse send(String method, String url, String jsonBody, Duration timeout) throws IOException, InterruptedException {
        return send(ApiRequest.of(method, url, jsonBody).withTimeout(timeout));
    }

    public ApiResponse get(String url) throws IOException, InterruptedException {
        return send(ApiRequest.get(url));
    }

    public ApiResponse post(String url, String jsonBody) throws IOException, InterruptedException {
        return send(ApiRequest.post(url, jsonBody));
    }

    public ApiResponse put(String url, String jsonBody) throws IOException, InterruptedException {
        return send(ApiRequest.put(url, jsonBody));
    }

    public ApiResponse delete(String url) throws IOException, InterruptedException {
        return send(ApiRequest.delete(url));
    }

    /** A 200 answer read into {@code type}; any other status is an {@link ApiException}. */
    public <T> T get(String url, Class<T> type) throws IOException, InterruptedException {
        return ok(url).as(type);
    }

    /** A 200 list answer of {@code item}s; any other status is an {@link ApiException}. */
    public <T> Page<T> getPage(String url, Class<T> item) throws IOException, InterruptedException {
        return ok(url).pageOf(item);
    }

    private ApiResponse ok(String url) throws IOException, InterruptedException {
        ApiResponse response = get(url);
        if (response.status() != 200) {
            throw new ApiException(response.status(), "GET " + url + " answered " + response.status()
                    + (response.body().isEmpty() ? "" : ": " + ApiException.snippet(response.body())));
        }
        return response;
    }

    /** Drops the token a request was refused with, unless another thread has already replaced it. */
    private synchronized void forget(String authorization) {
        if (authorization.equals("Bearer " + token)) {
            token = null;
        }
    }

    private void signIn() {
        try {
            ApiResponse response = client.signIn(commandApi, username, password);
            if (response.status() != 200) {
                throw new SignInException("signing in to " + commandApi + " as " + username + " failed: HTTP "
                        + response.status() + " " + response.body());
            }
            AccessToken answer = response.as(AccessToken.class);
            if (answer.accessToken() == null) {
                throw new SignInException("signing in to " + commandApi + " as " + username + " answered no token: "
                        + response.body());
            }
            token = answer.accessToken();
            renewAfter = Instant.now().plusSeconds(Math.max(0, answer.expiresIn() - RENEW_BEFORE_EXPIRY.toSeconds()));
        } catch (ApiException e) {
            throw new SignInException("signing in to " + commandApi + " as " + username + " answered " + e.getMessage());
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
