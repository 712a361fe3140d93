package dev.pagila.client;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One request to the platform: a method, a full URL, a JSON body or none, headers and how long to wait for the answer.
 * Immutable: each {@code with...} answers a new request.
 */
public record ApiRequest(String method, String url, String body, Map<String, String> headers, Duration timeout) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    public ApiRequest {
        headers = headers == null ? Map.of() : Map.copyOf(headers);
        timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
    }

    /** {@code jsonBody} null: no body. */
    public static ApiRequest of(String method, String url, String jsonBody) {
        return new ApiRequest(method, url, jsonBody, Map.of(), DEFAULT_TIMEOUT);
    }

    public static ApiRequest get(String url) {
        return of("GET", url, null);
    }

    public static ApiRequest post(String url, String jsonBody) {
        return of("POST", url, jsonBody);
    }

    public static ApiRequest put(String url, String jsonBody) {
        return of("PUT", url, jsonBody);
    }

    public static ApiRequest delete(String url) {
        return of("DELETE", url, null);
    }

    /** The same request with {@code value} for {@code name}, replacing any value it had. */
    public ApiRequest withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.keySet().removeIf(name::equalsIgnoreCase);
        more.put(name, value);
        return new ApiRequest(method, url, body, more, timeout);
    }

    /** The same request with this {@code Authorization} header ({@code "Bearer ..."}), or without one for null. */
    public ApiRequest withAuthorization(String authorization) {
        if (authorization != null) {
            return withHeader("Authorization", authorization);
        }
        Map<String, String> fewer = new LinkedHashMap<>(headers);
        fewer.keySet().removeIf("Authorization"::equalsIgnoreCase);
        return new ApiRequest(method, url, body, fewer, timeout);
    }

    /** The same request carrying {@code token} (an access token as sign-in answers it), or no token for null. */
    public ApiRequest withToken(String token) {
        return withAuthorization(token == null ? null : "Bearer " + token);
    }

    public ApiRequest withTimeout(Duration timeout) {
        return new ApiRequest(method, url, body, headers, timeout);
    }
}
