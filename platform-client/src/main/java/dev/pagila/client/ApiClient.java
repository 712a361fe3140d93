package dev.pagila.client;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * The platform's REST APIs as the tools and the tests call them: requests as they are given (a token or none), and
 * answers as they came. {@link ApiSession} signs in once on top of it. Thread-safe; one is shared by default.
 */
public final class ApiClient {

    private static final ApiClient SHARED = new ApiClient(Duration.ofSeconds(10));

    private final HttpClient http;

    /** @param connectTimeout how long to wait for a connection, before any answer's own timeout */
    public ApiClient(Duration connectTimeout) {
        // the apps serve HTTP/1.1 on plain connections: asking for HTTP/2 only adds an upgrade attempt to each connection
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(connectTimeout).build();
    }

    /** One client for the whole JVM, with a connect timeout of 10 s. */
    public static ApiClient shared() {
        return SHARED;
    }

    /**
     * Sends {@code request} as it is and answers whatever came back, a refusal included.
     *
     * @throws java.net.ConnectException when nothing listens at its address
     */
    public ApiResponse send(ApiRequest request) throws IOException, InterruptedException {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(request.url())).timeout(request.timeout())
                .method(request.method(), request.body() == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(request.body()));
        if (request.body() != null) {
            builder.header("Content-Type", "application/json");
        }
        request.headers().forEach(builder::setHeader);
        HttpResponse<String> response = http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
        return new ApiResponse(response.statusCode(), response.headers().map(), response.body());
    }

    /**
     * Signs in at the command API ({@code POST /api/auth/token}) and answers as it came: 200 with an
     * {@link dev.pagila.client.answer.AccessToken}, 401 for a wrong password, 429 while the account is locked out.
     */
    public ApiResponse signIn(String commandApi, String username, String password) throws IOException, InterruptedException {
        return send(ApiRequest.post(commandApi + "/api/auth/token", Json.write(Map.of("username", username, "password", password))));
    }

    /** A session signed in as {@code username} through this client (it signs in on its first request). */
    public ApiSession session(String commandApi, String username, String password) {
        return new ApiSession(this, commandApi, username, password);
    }
}
