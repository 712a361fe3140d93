package dev.pagila.parity;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.pagila.client.ApiClient;
import dev.pagila.client.ApiRequest;
import dev.pagila.client.ApiResponse;
import dev.pagila.client.ApiSession;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URLEncoder;
import java.net.http.HttpConnectTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * GETs against the query API. Connection failures abort the run; any other failure is the caller's mismatch. Answers
 * are read as JSON trees rather than records: the check compares each field's JSON type as well as its value.
 */
final class QueryApi {

    /** The largest page the API serves; fewer round trips, and pages of 500 still cross page boundaries. */
    static final int MAX_PAGE = 500;

    private static final int LONGEST_BODY = 300;
    private static final java.util.regex.Pattern PUBLIC = java.util.regex.Pattern.compile("/(api/(films|actors|categories)|actuator/health)\\b");

    private final ApiClient http = new ApiClient(Duration.ofSeconds(5));
    private final String baseUrl;
    private final ApiSession staff;

    /** @param staff signed in for customer data and reports; the catalogue is read without a token, as anyone reads it */
    QueryApi(String baseUrl, ApiSession staff) {
        this.baseUrl = baseUrl;
        this.staff = staff;
    }

    record Answer(String path, int status, String body) {

        JsonNode json() {
            try {
                return Json.MAPPER.readTree(body);
            } catch (JsonProcessingException e) {
                throw new UnexpectedAnswer("GET " + path + " answered no JSON: " + snippet(body));
            }
        }
    }

    /** Fails the run early, with exit code 2, when nothing listens at the API's address. */
    void requireReachable() {
        try {
            get("/actuator/health", false); // any status will do: something answers HTTP there
        } catch (UnexpectedAnswer e) {
            throw new ParityException("the query API at " + baseUrl + " does not answer: " + e.getMessage(), e);
        }
    }

    Answer get(String path, boolean noCache) {
        ApiRequest request = ApiRequest.get(baseUrl + path).withTimeout(Duration.ofSeconds(30))
                .withHeader("Accept", "application/json");
        if (noCache) {
            request = request.withHeader("Cache-Control", "no-cache");
        }
        if (!PUBLIC.matcher(path).lookingAt()) {
            try {
                request = request.withAuthorization(staff.authorization());
            } catch (ApiSession.SignInException e) {
                throw new ParityException(e.getMessage(), e);
            }
        }
        try {
            ApiResponse response = http.send(request);
            return new Answer(path, response.status(), response.body());
        } catch (ConnectException | HttpConnectTimeoutException e) {
            throw new ParityException("the query API at " + baseUrl + " is unreachable (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")", e);
        } catch (IOException e) {
            throw new UnexpectedAnswer("GET " + path + " failed: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ParityException("interrupted during GET " + path, e);
        }
    }

    /** The JSON of a 200 answer; any other status is an {@link UnexpectedAnswer}. */
    JsonNode ok(String path, boolean noCache) {
        Answer answer = get(path, noCache);
        if (answer.status() != 200) {
            throw new UnexpectedAnswer("GET " + path + " answered " + answer.status() + ": " + snippet(answer.body()));
        }
        return answer.json();
    }

    JsonNode ok(String path) {
        return ok(path, false);
    }

    /**
     * Every item of a list, following {@code next} cursors until it is null. {@code pageSize} 0 leaves
     * {@code limit} to the API (for lists that are not paginated).
     */
    List<JsonNode> items(String path, int pageSize) {
        List<JsonNode> items = new ArrayList<>();
        Set<String> cursors = new HashSet<>();
        String cursor = null;
        do {
            String page = path;
            if (pageSize > 0) {
                page = withParameter(page, "limit", Integer.toString(pageSize));
            }
            if (cursor != null) {
                page = withParameter(page, "cursor", cursor);
            }
            JsonNode answer = ok(page);
            JsonNode pageItems = answer.get("items");
            if (pageItems == null || !pageItems.isArray()) {
                throw new UnexpectedAnswer("GET " + page + " answered no items array: " + snippet(answer.toString()));
            }
            if (pageSize > 0 && pageItems.size() > pageSize) {
                throw new UnexpectedAnswer("GET " + page + " answered " + pageItems.size() + " items, more than its limit");
            }
            pageItems.forEach(items::add);
            JsonNode next = answer.get("next");
            cursor = next == null || next.isNull() ? null : next.asText();
            // a cursor seen before would page forever
            if (cursor != null && !cursors.add(cursor)) {
                throw new UnexpectedAnswer("GET " + page + " answered a cursor it had answered before: " + cursor);
            }
        } while (cursor != null);
        return items;
    }

    List<JsonNode> items(String path) {
        return items(path, MAX_PAGE);
    }

    static String withParameter(String path, String name, String value) {
        return path + (path.contains("?") ? "&" : "?") + name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    static String snippet(String body) {
        if (body == null) {
            return "";
        }
        String flat = body.replaceAll("\\s+", " ").strip();
        return flat.length() <= LONGEST_BODY ? flat : flat.substring(0, LONGEST_BODY) + "...";
    }
}
