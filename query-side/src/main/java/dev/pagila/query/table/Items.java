package dev.pagila.query.table;

import dev.pagila.infra.dynamodb.FilmsTable;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;

/** Reading and writing attribute values of the single table's items. */
public final class Items {

    private Items() {
    }

    public static AttributeValue s(String value) {
        return value == null ? null : AttributeValue.fromS(value);
    }

    public static AttributeValue n(Number value) {
        if (value == null) {
            return null;
        }
        return AttributeValue.fromN(value instanceof BigDecimal decimal ? decimal.toPlainString() : value.toString());
    }

    public static AttributeValue bool(boolean value) {
        return AttributeValue.fromBool(value);
    }

    public static AttributeValue instant(Instant value) {
        return value == null ? null : AttributeValue.fromS(value.toString());
    }

    public static Map<String, AttributeValue> key(String pk, String sk) {
        return Map.of(FilmsTable.PK, AttributeValue.fromS(pk), FilmsTable.SK, AttributeValue.fromS(sk));
    }

    public static Map<String, AttributeValue> keyOf(Map<String, AttributeValue> item) {
        return Map.of(FilmsTable.PK, item.get(FilmsTable.PK), FilmsTable.SK, item.get(FilmsTable.SK));
    }

    public static String sk(Map<String, AttributeValue> item) {
        return item.get(FilmsTable.SK).s();
    }

    public static String string(Map<String, AttributeValue> item, String attribute) {
        AttributeValue value = item.get(attribute);
        return value == null ? null : value.s();
    }

    public static int intOf(Map<String, AttributeValue> item, String attribute) {
        return Integer.parseInt(item.get(attribute).n());
    }

    public static Integer optionalInt(Map<String, AttributeValue> item, String attribute) {
        return item.containsKey(attribute) ? intOf(item, attribute) : null;
    }

    public static long position(Map<String, AttributeValue> item) {
        AttributeValue value = item.get(FilmsTable.POSITION);
        return value == null ? 0 : Long.parseLong(value.n());
    }

    public static BigDecimal money(Map<String, AttributeValue> item, String attribute) {
        AttributeValue value = item.get(attribute);
        return value == null ? BigDecimal.ZERO.setScale(2) : new BigDecimal(value.n()).setScale(2);
    }

    public static boolean flag(Map<String, AttributeValue> item, String attribute) {
        AttributeValue value = item.get(attribute);
        return value != null && Boolean.TRUE.equals(value.bool());
    }

    public static Instant instantOf(Map<String, AttributeValue> item, String attribute) {
        String value = string(item, attribute);
        return value == null ? null : Instant.parse(value);
    }

    public static Map<String, AttributeValue> map(Map<String, AttributeValue> item, String attribute) {
        AttributeValue value = item.get(attribute);
        return value == null || !value.hasM() ? Map.of() : value.m();
    }
}
