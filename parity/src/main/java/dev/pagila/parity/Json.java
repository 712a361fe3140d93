package dev.pagila.parity;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads fields of the query API's answers into plain Java values to compare with JDBC's. An absent field and
 * JSON null both read as null; a value of the wrong JSON type reads as a {@link Raw}, which equals nothing
 * the legacy side produces, so it shows up as a mismatch instead of being coerced into agreement.
 */
final class Json {

    // money must arrive exact: through a double, 0.1 + 0.2 style noise could hide or fake a cent
    static final ObjectMapper MAPPER = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private Json() {
    }

    /** A value the API sent with a JSON type the contract does not allow there. */
    record Raw(String json, String type) {

        static Raw of(JsonNode node) {
            return new Raw(node.toString(), node.getNodeType().name().toLowerCase());
        }

        @Override
        public String toString() {
            return json + " (a JSON " + type + ")";
        }
    }

    static JsonNode field(JsonNode row, String name) {
        JsonNode node = row == null ? null : row.get(name);
        return node == null || node.isNull() ? null : node;
    }

    static Object text(JsonNode row, String name) {
        JsonNode node = field(row, name);
        return node == null ? null : node.isTextual() ? node.textValue() : Raw.of(node);
    }

    static Object integer(JsonNode row, String name) {
        JsonNode node = field(row, name);
        return node == null ? null : node.isIntegralNumber() ? (Object) node.longValue() : Raw.of(node);
    }

    static Object decimal(JsonNode row, String name) {
        JsonNode node = field(row, name);
        return node == null ? null : node.isNumber() ? node.decimalValue() : Raw.of(node);
    }

    static Object bool(JsonNode row, String name) {
        JsonNode node = field(row, name);
        return node == null ? null : node.isBoolean() ? (Object) node.booleanValue() : Raw.of(node);
    }

    /** ISO-8601 with an offset or Z; any other text is kept raw so it mismatches. */
    static Object instant(JsonNode row, String name) {
        JsonNode node = field(row, name);
        if (node == null) {
            return null;
        }
        if (!node.isTextual()) {
            return Raw.of(node);
        }
        try {
            return OffsetDateTime.parse(node.textValue()).toInstant();
        } catch (DateTimeParseException e) {
            return new Raw(node.toString(), "string that is no ISO-8601 instant");
        }
    }

    /** Elements of an array field as the API ordered them; absent or null reads as an empty list. */
    static List<JsonNode> elements(JsonNode row, String name) {
        JsonNode node = field(row, name);
        List<JsonNode> elements = new ArrayList<>();
        if (node != null && node.isArray()) {
            node.forEach(elements::add);
        } else if (node != null) {
            throw new UnexpectedAnswer(name + " is not an array: " + RowDiff.show(Raw.of(node)));
        }
        return elements;
    }

    /** Texts or integers of an array field, in the API's order. */
    static List<Object> values(JsonNode row, String name) {
        List<Object> values = new ArrayList<>();
        for (JsonNode element : elements(row, name)) {
            values.add(element.isTextual() ? element.textValue() : element.isIntegralNumber() ? (Object) element.longValue()
                    : Raw.of(element));
        }
        return values;
    }

    static Instant instantOrNull(Object value) {
        return value instanceof Instant instant ? instant : null;
    }
}
