package dev.pagila.query.table;

import dev.pagila.infra.dynamodb.FilmsTable;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.Map;

/**
 * One item as a projection batch holds it: read once, as its kind's type, changed in memory by the batch's events,
 * written back once. What the table held when it was read ({@link #storedPosition()}) is the condition of that
 * write, so a write from a stale copy (a segment's former owner, say) can never land.
 */
final class ItemState {

    private final ItemKey key;
    private final Map<String, AttributeValue> stored;
    private final boolean existed;
    private final AttributeValue storedPosition;
    private long position;
    private ItemKind<?> kind;
    private Object item;
    private boolean changed;

    private ItemState(ItemKey key, Map<String, AttributeValue> stored, boolean existed) {
        this.key = key;
        this.stored = stored;
        this.existed = existed;
        this.storedPosition = stored.get(FilmsTable.POSITION);
        this.position = storedPosition == null ? -1 : Long.parseLong(storedPosition.n());
    }

    static ItemState absent(ItemKey key) {
        return new ItemState(key, Map.of(), false);
    }

    static ItemState stored(Map<String, AttributeValue> item) {
        return new ItemState(ItemKey.of(item), item, true);
    }

    ItemKey key() {
        return key;
    }

    /** Whether the table held this item when the batch read it. */
    boolean existed() {
        return existed;
    }

    /** The position the table held when the batch read the item; null if it held no item or one without a position. */
    AttributeValue storedPosition() {
        return storedPosition;
    }

    /** Whether an event at {@code position} is news to this item (false: redelivered or replayed). */
    boolean accepts(long eventPosition) {
        return eventPosition > position;
    }

    long position() {
        return position;
    }

    boolean changed() {
        return changed;
    }

    void advanceTo(long eventPosition) {
        position = eventPosition;
        changed = true;
    }

    /** The item as its kind reads it; one key is one kind, so asking for another is a mistake in a projection. */
    @SuppressWarnings("unchecked")
    <T> T as(ItemKind<T> wanted) {
        if (kind == null) {
            if (existed && stored.containsKey(ItemKind.TYPE) && !wanted.isKindOf(stored)) {
                throw new IllegalStateException("item " + key + " is a " + stored.get(ItemKind.TYPE).s() + ", not a " + wanted.type());
            }
            kind = wanted;
            item = wanted.from(stored);
        } else if (kind != wanted) {
            throw new IllegalStateException("item " + key + " is held as a " + kind.type() + ", not a " + wanted.type());
        }
        return (T) item;
    }

    /** The item as it will be written: its kind's attributes, its key and the position of the last event applied. */
    Map<String, AttributeValue> toWrite() {
        Map<String, AttributeValue> attributes = attributesOf(kind);
        attributes.putAll(key.asMap());
        attributes.put(FilmsTable.POSITION, AttributeValue.fromN(Long.toString(position)));
        return attributes;
    }

    @SuppressWarnings("unchecked")
    private <T> Map<String, AttributeValue> attributesOf(ItemKind<T> itemKind) {
        return itemKind.attributesOf((T) item);
    }
}
