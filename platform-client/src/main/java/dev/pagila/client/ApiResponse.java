package dev.pagila.client;

import dev.pagila.client.answer.Page;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An answer as it came: status, headers and body (empty when there was none). Read it into a record with
 * {@link #as}, {@link #pageOf} or {@link #listOf}; a caller that acts on the status looks at it first.
 */
public record ApiResponse(int status, Map<String, List<String>> headers, String body) {

    public ApiResponse {
        headers = headers == null ? Map.of() : Map.copyOf(headers);
        body = body == null ? "" : body;
    }

    /** 2xx. */
    public boolean isSuccess() {
        return status >= 200 && status < 300;
    }

    /** The first value of a header, whatever the case of its name. */
    public Optional<String> header(String name) {
        return headers.entrySet().stream().filter(header -> header.getKey().equalsIgnoreCase(name))
                .flatMap(header -> header.getValue().stream()).findFirst();
    }

    /** This answer if its status is one of {@code expected}; else an {@link ApiException} naming status and body. */
    public ApiResponse expect(int... expected) {
        if (Arrays.stream(expected).noneMatch(status -> status == this.status)) {
            throw new ApiException(status, "HTTP " + status + (body.isEmpty() ? "" : ": " + ApiException.snippet(body)));
        }
        return this;
    }

    /** The body read into {@code type}; an {@link ApiException} if it is not that. */
    public <T> T as(Class<T> type) {
        return Json.read(body, Json.MAPPER.constructType(type), status);
    }

    /** The body as a list answer ({@code {"items": [...], "next": ...}}) of {@code item}s. */
    public <T> Page<T> pageOf(Class<T> item) {
        return Json.read(body, Json.MAPPER.getTypeFactory().constructParametricType(Page.class, item), status);
    }

    /** The body as a JSON array of {@code item}s. */
    public <T> List<T> listOf(Class<T> item) {
        return Json.read(body, Json.MAPPER.getTypeFactory().constructCollectionType(List.class, item), status);
    }
}
