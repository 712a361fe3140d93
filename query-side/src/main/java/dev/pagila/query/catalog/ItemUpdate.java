package dev.pagila.query.catalog;

import dev.pagila.infra.dynamodb.FilmsTable;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One projection write to one item: the attributes it sets and removes, applied only if the item has not
 * yet seen the event's position. That condition is what makes redelivery, replay and out-of-order
 * delivery change nothing; attributes the write does not name are left as they are.
 */
final class ItemUpdate {

    private final Map<String, String> names = new HashMap<>();
    private final Map<String, AttributeValue> values = new HashMap<>();
    private final List<String> sets = new ArrayList<>();
    private final List<String> removes = new ArrayList<>();

    ItemUpdate set(String attribute, AttributeValue value) {
        String placeholder = placeholder(attribute);
        values.put(":" + placeholder, value);
        sets.add("#" + placeholder + " = :" + placeholder);
        return this;
    }

    /** Sets the attribute, or removes it when there is no value. */
    ItemUpdate setOrRemove(String attribute, AttributeValue value) {
        return value == null ? remove(attribute) : set(attribute, value);
    }

    ItemUpdate remove(String attribute) {
        removes.add("#" + placeholder(attribute));
        return this;
    }

    /** @return whether the write was applied (false: the item already reflects this position or a later one) */
    boolean applyAt(DynamoDbClient dynamoDb, String table, Map<String, AttributeValue> key, long position) {
        set(FilmsTable.POSITION, n(position));
        names.put("#position_c", FilmsTable.POSITION);
        values.put(":position_c", n(position));
        String expression = "SET " + String.join(", ", sets) + (removes.isEmpty() ? "" : " REMOVE " + String.join(", ", removes));
        try {
            dynamoDb.updateItem(request -> request
                    .tableName(table)
                    .key(key)
                    .updateExpression(expression)
                    .conditionExpression("attribute_not_exists(#position_c) OR #position_c < :position_c")
                    .expressionAttributeNames(names)
                    .expressionAttributeValues(values));
            return true;
        } catch (ConditionalCheckFailedException alreadyApplied) {
            return false;
        }
    }

    private String placeholder(String attribute) {
        String placeholder = "a" + names.size();
        names.put("#" + placeholder, attribute);
        return placeholder;
    }

    static AttributeValue s(String value) {
        return value == null ? null : AttributeValue.fromS(value);
    }

    static AttributeValue n(Number value) {
        if (value == null) {
            return null;
        }
        return AttributeValue.fromN(value instanceof BigDecimal decimal ? decimal.toPlainString() : value.toString());
    }
}
