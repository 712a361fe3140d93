package dev.pagila.query.table;

import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttribute;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticTableSchema;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * One kind of item of the Films table: the {@code type} its items are tagged with and the attributes they carry,
 * declared once by the item's own class as an enhanced-client {@link StaticTableSchema}. The key and the position
 * are not among them: a batch writes the key it read and the position of the event it applied (see
 * {@link ItemBatch}), so an item class says only what the item means.
 */
public final class ItemKind<T> {

    /** The attribute every item is tagged with: what it is, and which projection owns it. */
    public static final String TYPE = "type";

    private final String type;
    private final StaticTableSchema<T> schema;
    private final Supplier<T> blank;

    private ItemKind(String type, StaticTableSchema<T> schema, Supplier<T> blank) {
        this.type = type;
        this.schema = schema;
        this.blank = blank;
    }

    /**
     * @param blank      an item with no attributes yet (what an event finds when the table holds no such item)
     * @param attributes the item's attributes, added to the schema's builder
     */
    public static <T> ItemKind<T> of(String type, Class<T> itemClass, Supplier<T> blank,
                                     UnaryOperator<StaticTableSchema.Builder<T>> attributes) {
        return new ItemKind<>(type, attributes.apply(StaticTableSchema.builder(itemClass).newItemSupplier(blank)).build(), blank);
    }

    /**
     * An attribute computed from the item's fields, such as an index key: written with the item, never read back
     * (the fields it comes from are).
     */
    public static <T> Consumer<StaticAttribute.Builder<T, String>> derived(String name, Function<T, String> value) {
        return attribute -> attribute.name(name).getter(value).setter((item, stored) -> { });
    }

    public String type() {
        return type;
    }

    /** Whether a stored item is of this kind. */
    public boolean isKindOf(Map<String, AttributeValue> item) {
        AttributeValue tag = item.get(TYPE);
        return tag != null && type.equals(tag.s());
    }

    /** The stored item as this kind reads it; attributes it does not declare (key, position) are left out. */
    public T from(Map<String, AttributeValue> item) {
        T read = item.isEmpty() ? null : schema.mapToItem(item);
        return read == null ? blank.get() : read;
    }

    /** The items of this kind among stored items of several kinds (a partition, an index partition), in their order. */
    public List<T> allOf(List<Map<String, AttributeValue>> items) {
        return items.stream().filter(this::isKindOf).map(this::from).toList();
    }

    /** What an item of this kind stores, but its key and position; absent values are left out. */
    public Map<String, AttributeValue> attributesOf(T item) {
        Map<String, AttributeValue> attributes = new LinkedHashMap<>(schema.itemToMap(item, true));
        attributes.put(TYPE, AttributeValue.fromS(type));
        return attributes;
    }

    static Set<String> typesOf(Collection<ItemKind<?>> kinds) {
        return kinds.stream().map(ItemKind::type).collect(Collectors.toSet());
    }
}
