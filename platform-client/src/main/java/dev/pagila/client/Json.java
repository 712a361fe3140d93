package dev.pagila.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/** How the client reads answers and writes bodies. */
final class Json {

    /**
     * Answers carry more than any one caller reads, so unknown fields are skipped; the apps leave null fields out,
     * so an absent field reads as null (or zero, false for a primitive).
     */
    static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private Json() {
    }

    static <T> T read(String body, JavaType type, int status) {
        try {
            return MAPPER.readValue(body, type);
        } catch (JsonProcessingException e) {
            throw new ApiException(status, "an answer (HTTP " + status + ") that is no " + type.getRawClass().getSimpleName()
                    + ": " + e.getOriginalMessage() + " in " + ApiException.snippet(body));
        }
    }

    static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write " + value + " as JSON: " + e.getOriginalMessage(), e);
        }
    }
}
