package dev.pagila.query.cache;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * An answer as the JSON text the cache holds. A controller returns it as it is: a cache hit goes to the client
 * without being parsed into objects and written out again. {@code T} is the answer the text is the JSON of: it lets a
 * controller say what it answers, and the OpenAPI document describe it (see {@code config.WebConfig}).
 */
public record CachedJson<T>(String text) {

    T as(ObjectMapper json, JavaType type) {
        try {
            return json.readValue(text, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
