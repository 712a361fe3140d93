package dev.pagila.query.table;

import dev.pagila.infra.dynamodb.FilmsTable;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One item as a projection batch holds it: the attributes it had when the batch read it, changed in memory by
 * the batch's events, written back once. What the table held when it was read ({@link #storedPosition()}) is the
 * condition of that write, so a write from a stale copy (a segment's former owner, say) can never land.
 */
public final class ItemState {

    private final ItemKey key;
    private final Map<String, AttributeValue> attributes;
    private final boolean existed;
    private final AttributeValue storedPosition;
    private boolean changed;

    private ItemState(ItemKey key, Map<String, AttributeValue> attributes, boolean existed) {
        this.key = key;
        this.attributes = attributes;
        this.existed = existed;
        this.storedPosition = attributes.get(FilmsTable.POSITION);
    }

    public static ItemState absent(ItemKey key) {
        return new ItemState(key, new LinkedHashMap<>(key.asMap()), false);
    }

    public static ItemState stored(Map<String, AttributeValue> item) {
        return new ItemState(ItemKey.of(item), new LinkedHashMap<>(item), true);
    }

    public ItemKey key() {
        return key;
    }

    /** Whether the table held this item when the batch read it. */
    public boolean existed() {
        return existed;
    }

    /** The position the table held when the batch read the item; null if it held no item or one without a position. */
    public AttributeValue storedPosition() {
        return storedPosition;
    }

    /** The position of the last event applied to the item, in the table or in this batch; -1 for a new item. */
    public long position() {
        return attributes.containsKey(FilmsTable.POSITION) ? Items.position(attributes) : -1;
    }

    /** Whether an event at {@code position} is news to this item (false: redelivered or replayed). */
    public boolean accepts(long position) {
        return position > position();
    }

    public boolean changed() {
        return changed;
    }

    void advanceTo(long position) {
        attributes.put(FilmsTable.POSITION, Items.n(position));
        changed = true;
    }

    /** The item as it will be written. */
    public Map<String, AttributeValue> attributes() {
        return attributes;
    }

    public AttributeValue get(String attribute) {
        return attributes.get(attribute);
    }

    public String string(String attribute) {
        return Items.string(attributes, attribute);
    }

    public boolean has(String attribute) {
        return attributes.containsKey(attribute);
    }

    public ItemState set(String attribute, AttributeValue value) {
        attributes.put(attribute, value);
        return this;
    }

    /** Sets the attribute, or removes it when there is no value (DynamoDB stores no empty attributes). */
    public ItemState setOrRemove(String attribute, AttributeValue value) {
        return value == null ? remove(attribute) : set(attribute, value);
    }

    public ItemState remove(String attribute) {
        attributes.remove(attribute);
        return this;
    }

    public ItemState setIfAbsent(String attribute, AttributeValue value) {
        attributes.putIfAbsent(attribute, value);
        return this;
    }

    /** Sets one entry of a map attribute, creating the map if the item has none. */
    public ItemState setEntry(String mapAttribute, String entry, AttributeValue value) {
        Map<String, AttributeValue> map = new HashMap<>(Items.map(attributes, mapAttribute));
        map.put(entry, value);
        attributes.put(mapAttribute, AttributeValue.fromM(map));
        return this;
    }

    public ItemState removeEntry(String mapAttribute, String entry) {
        Map<String, AttributeValue> map = new HashMap<>(Items.map(attributes, mapAttribute));
        map.remove(entry);
        attributes.put(mapAttribute, AttributeValue.fromM(map));
        return this;
    }

    /** Adds a number to a number-set attribute. */
    public ItemState addToSet(String setAttribute, int number) {
        java.util.TreeSet<Integer> numbers = new java.util.TreeSet<>(numbers(setAttribute));
        numbers.add(number);
        attributes.put(setAttribute, AttributeValue.fromNs(numbers.stream().map(String::valueOf).toList()));
        return this;
    }

    /** Removes a number from a number-set attribute; an emptied set goes (DynamoDB stores no empty set). */
    public ItemState removeFromSet(String setAttribute, int number) {
        java.util.TreeSet<Integer> numbers = new java.util.TreeSet<>(numbers(setAttribute));
        numbers.remove(number);
        return numbers.isEmpty() ? remove(setAttribute)
                : set(setAttribute, AttributeValue.fromNs(numbers.stream().map(String::valueOf).toList()));
    }

    public List<Integer> numbers(String setAttribute) {
        AttributeValue value = attributes.get(setAttribute);
        return value == null || !value.hasNs() ? List.of() : value.ns().stream().map(Integer::valueOf).toList();
    }

    public Map<String, AttributeValue> map(String mapAttribute) {
        return Items.map(attributes, mapAttribute);
    }
}
