package dev.pagila.query.table;

import dev.pagila.infra.dynamodb.FilmsTable;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One projection write to one item: the attributes it sets and removes, applied only if the item has not
 * yet seen the event's position. That condition is what makes redelivery, replay and out-of-order
 * delivery change nothing; attributes the write does not name are left as they are.
 */
public final class ItemUpdate {

    private final Map<String, String> names = new HashMap<>();
    private final Map<String, AttributeValue> values = new HashMap<>();
    private final List<String> sets = new ArrayList<>();
    private final List<String> removes = new ArrayList<>();

    public ItemUpdate set(String attribute, AttributeValue value) {
        String placeholder = placeholder(attribute);
        values.put(":" + placeholder, value);
        sets.add("#" + placeholder + " = :" + placeholder);
        return this;
    }

    /** Sets the attribute, or removes it when there is no value. */
    public ItemUpdate setOrRemove(String attribute, AttributeValue value) {
        return value == null ? remove(attribute) : set(attribute, value);
    }

    public ItemUpdate remove(String attribute) {
        removes.add("#" + placeholder(attribute));
        return this;
    }

    /** @return whether the write was applied (false: the item already reflects this position or a later one) */
    public boolean applyAt(DynamoDbClient dynamoDb, String table, Map<String, AttributeValue> key, long position) {
        set(FilmsTable.POSITION, Items.n(position));
        names.put("#position_c", FilmsTable.POSITION);
        values.put(":position_c", Items.n(position));
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

    /** Sets one entry of a map attribute; the map must exist (the item's first event creates it). */
    public ItemUpdate setEntry(String mapAttribute, String entry, AttributeValue value) {
        String map = placeholder(mapAttribute);
        String key = placeholder(entry);
        values.put(":" + key, value);
        sets.add("#" + map + ".#" + key + " = :" + key);
        return this;
    }

    public ItemUpdate removeEntry(String mapAttribute, String entry) {
        String map = placeholder(mapAttribute);
        removes.add("#" + map + ".#" + placeholder(entry));
        return this;
    }

    /** Sets the attribute unless the item already has it (a map that later events fill, say). */
    public ItemUpdate setIfAbsent(String attribute, AttributeValue value) {
        String placeholder = placeholder(attribute);
        values.put(":" + placeholder, value);
        sets.add("#" + placeholder + " = if_not_exists(#" + placeholder + ", :" + placeholder + ")");
        return this;
    }

    private String placeholder(String attribute) {
        String placeholder = "a" + names.size();
        names.put("#" + placeholder, attribute);
        return placeholder;
    }
}
