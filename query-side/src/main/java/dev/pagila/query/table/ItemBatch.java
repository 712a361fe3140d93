package dev.pagila.query.table;

import dev.pagila.infra.dynamodb.FilmsTable;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The items one batch of events changes: each read once (in as few {@code BatchGetItem} calls as the batch's keys
 * need), changed in memory by every event that touches it, written once. Ten castings of one film, a rental and
 * its return, become one write of the final item.
 * <p>
 * Writes go out as {@code TransactWriteItems} of up to {@value #TRANSACTION_LIMIT} items, each {@code Put}
 * conditional on the item being exactly as the batch read it. That is the fence against a stale writer: a
 * segment's former owner flushing late finds the new owner's writes and its whole transaction is refused. A
 * counter increment (a sales total) travels in the same transaction as the item whose change it counts, so a
 * redelivered event, which changes no item, can never count twice.
 * <p>
 * A {@linkplain #bulk bulk} batch fills a table that no other writer touches: it lives across every batch of the
 * fill, reads only what it wrote out itself, and writes the final items with unconditional {@code BatchWriteItem}s
 * when told to ({@link #writeOut}), so each item is written once per write-out rather than once per batch.
 */
public final class ItemBatch {

    static final int TRANSACTION_LIMIT = 100;
    private static final int CONFLICT_RETRIES = 10;

    private final ReadModelTable table;
    private final Map<ItemKey, ItemState> items = new LinkedHashMap<>();
    private final Map<ItemKey, List<Increment>> incrementsByGuard = new LinkedHashMap<>();
    private final Bulk bulk;
    private int requests;
    private int itemsRead;

    /** One batch of the live path: reads what it needs, writes fenced. */
    public ItemBatch(ReadModelTable table) {
        this(table, null);
    }

    private ItemBatch(ReadModelTable table, Bulk bulk) {
        this.table = table;
        this.bulk = bulk;
    }

    /** The items of a bulk fill of {@code table}, which nobody else writes until the fill hands over. */
    public static ItemBatch bulk(ReadModelTable table) {
        return new ItemBatch(table, new Bulk());
    }

    /**
     * What a bulk batch keeps across its batches: the items it wrote out (read back if touched again) and what it has
     * counted since its last write-out.
     */
    private static final class Bulk {

        private final Set<ItemKey> written = new HashSet<>();
        private final Map<ItemKey, Map<String, AttributeValue>> counterLabels = new HashMap<>();
        private final Map<ItemKey, Map<String, BigDecimal>> counterSums = new LinkedHashMap<>();
    }

    /** An increment of a counter item's numbers, written with the item whose change it counts. */
    private record Increment(ItemKey counter, Map<String, AttributeValue> labels, Map<String, BigDecimal> amounts) {
    }

    /** Reads every key the batch does not hold yet, 100 to a request; a bulk batch reads only what it wrote out. */
    public void prefetch(Collection<ItemKey> keys) {
        List<ItemKey> missing = keys.stream().filter(key -> !items.containsKey(key)).distinct().toList();
        if (bulk != null) {
            missing.stream().filter(key -> !bulk.written.contains(key)).forEach(key -> items.put(key, ItemState.absent(key)));
            missing = missing.stream().filter(bulk.written::contains).toList();
        }
        if (missing.isEmpty()) {
            return;
        }
        ReadModelTable.Reads reads = table.readAll(missing);
        requests += reads.requests();
        itemsRead += missing.size();
        Map<ItemKey, Map<String, AttributeValue>> found = new HashMap<>();
        reads.items().forEach(item -> found.put(ItemKey.of(item), item));
        for (ItemKey key : missing) {
            Map<String, AttributeValue> item = found.get(key);
            items.put(key, item == null ? ItemState.absent(key) : ItemState.stored(item));
        }
    }

    /**
     * The item as this batch holds it, read first if needed; an absent item comes back blank. Read it only: a change
     * goes through {@link #update}, which decides whether the event is news to the item.
     */
    public <T> T item(ItemKind<T> kind, ItemKey key) {
        return state(key).as(kind);
    }

    private ItemState state(ItemKey key) {
        if (!items.containsKey(key)) {
            prefetch(List.of(key));
        }
        return items.get(key);
    }

    /**
     * Applies a change to an item if it has not seen {@code position} yet, and moves it to that position.
     *
     * @return whether the change applied (false: the item already reflects this event)
     */
    public <T> boolean update(ItemKind<T> kind, ItemKey key, long position, Consumer<T> change) {
        ItemState item = state(key);
        T typed = item.as(kind);
        if (!item.accepts(position)) {
            return false;
        }
        change.accept(typed);
        item.advanceTo(position);
        return true;
    }

    /**
     * Applies a change that is the same however often and in whatever order it comes (a keyed put), and moves the item
     * to {@code position} if that is later. For items written from several streams (a customer's account: the customer's
     * payments, the copies' rentals): two streams' transactions may commit out of the order of their positions, and the
     * later-committed event, at an earlier position, must still count. A redelivered event changes nothing.
     *
     * @return whether the event was news to the item (false: the item already reflects a position at or after it)
     */
    public <T> boolean merge(ItemKind<T> kind, ItemKey key, long position, Consumer<T> change) {
        ItemState item = state(key);
        T typed = item.as(kind);
        boolean news = item.accepts(position);
        change.accept(typed);
        item.advanceTo(Math.max(position, item.position()));
        return news;
    }

    /**
     * Adds amounts to a counter item (created with {@code labels} if missing), in the same transaction as the write
     * of {@code guard}, the item whose change this counts. Several batches may add to one counter at once, hence an
     * {@code ADD} rather than a read and a write.
     */
    public void increment(ItemKey guard, ItemKey counter, Map<String, AttributeValue> labels, Map<String, BigDecimal> amounts) {
        if (bulk != null) {
            // nothing to fence: a bulk batch only sums, and writes the sums out with its items
            bulk.counterLabels.putIfAbsent(counter, labels);
            Map<String, BigDecimal> sums = bulk.counterSums.computeIfAbsent(counter, key -> new LinkedHashMap<>());
            amounts.forEach((attribute, amount) -> sums.merge(attribute, amount, BigDecimal::add));
            return;
        }
        incrementsByGuard.computeIfAbsent(guard, key -> new ArrayList<>()).add(new Increment(counter, labels, amounts));
    }

    /** Items held in memory: what a bulk batch weighs before it writes them out. */
    public int held() {
        return items.size();
    }

    /** Keys this batch has asked DynamoDB for (found or not). */
    public int itemsRead() {
        return itemsRead;
    }

    /** DynamoDB requests made so far by this batch, reads and writes. */
    public int requests() {
        return requests;
    }

    /** The items this batch has changed, in the order it first read them. */
    private List<ItemState> changedItems() {
        return items.values().stream().filter(ItemState::changed).toList();
    }

    /**
     * Writes every changed item with its increments.
     *
     * @return how many items were written
     * @throws StaleItemException when an item is no longer as this batch read it: another writer got there first
     *                            and the batch must be read and applied again
     */
    public int write() {
        if (bulk != null) {
            throw new IllegalStateException("a bulk batch writes out, unfenced");
        }
        List<ItemState> changed = changedItems();
        List<Map<ItemKey, TransactWriteItem>> transactions = new ArrayList<>();
        Map<ItemKey, TransactWriteItem> current = new LinkedHashMap<>();
        Map<ItemKey, Map<String, BigDecimal>> currentSums = new HashMap<>();
        Map<ItemKey, Map<String, AttributeValue>> currentLabels = new HashMap<>();
        for (ItemState item : changed) {
            List<Increment> increments = incrementsByGuard.getOrDefault(item.key(), List.of());
            long newCounters = increments.stream().map(Increment::counter).distinct().filter(key -> !currentSums.containsKey(key)).count();
            if (current.size() + currentSums.size() + 1 + newCounters > TRANSACTION_LIMIT) {
                transactions.add(seal(current, currentSums, currentLabels));
                current = new LinkedHashMap<>();
                currentSums.clear();
                currentLabels.clear();
            }
            current.put(item.key(), put(item));
            for (Increment increment : increments) {
                currentLabels.put(increment.counter(), increment.labels());
                Map<String, BigDecimal> sums = currentSums.computeIfAbsent(increment.counter(), key -> new LinkedHashMap<>());
                increment.amounts().forEach((attribute, amount) -> sums.merge(attribute, amount, BigDecimal::add));
            }
        }
        if (!current.isEmpty()) {
            transactions.add(seal(current, currentSums, currentLabels));
        }
        for (Map<ItemKey, TransactWriteItem> transaction : transactions) {
            transact(transaction);
        }
        return changed.size();
    }

    /**
     * Writes every item a bulk batch changed since its last write-out with unconditional puts, and forgets them (an
     * item touched again is read back). Counters go out as the {@code ADD} of what was counted since the last
     * write-out, as the live path writes them: the sum is then the store's own arithmetic, stored exactly as the live
     * path's (DynamoDB Local keeps an {@code ADD}'s scale but normalizes a put's number).
     *
     * @return how many items were written
     */
    public int writeOut(int parallelRequests, ReadModelTable.BulkRequests shape) {
        if (bulk == null) {
            throw new IllegalStateException("only a bulk batch writes out");
        }
        List<ItemState> changed = changedItems();
        requests += table.writeAll(changed.stream().map(item -> (Supplier<Map<String, AttributeValue>>) item::toWrite).toList(),
                bulk.counterSums.entrySet().stream()
                        .map(counter -> add(counter.getKey(), bulk.counterLabels.get(counter.getKey()), counter.getValue()).update())
                        .toList(), parallelRequests, shape);
        int counters = bulk.counterSums.size();
        bulk.counterSums.clear();
        changed.forEach(item -> bulk.written.add(item.key()));
        items.clear();
        return changed.size() + counters;
    }

    private Map<ItemKey, TransactWriteItem> seal(Map<ItemKey, TransactWriteItem> puts, Map<ItemKey, Map<String, BigDecimal>> sums,
                                                 Map<ItemKey, Map<String, AttributeValue>> labels) {
        Map<ItemKey, TransactWriteItem> transaction = new LinkedHashMap<>(puts);
        sums.forEach((counter, amounts) -> transaction.put(counter, add(counter, labels.get(counter), amounts)));
        return transaction;
    }

    private TransactWriteItem put(ItemState item) {
        Put.Builder put = Put.builder().tableName(table.name()).item(item.toWrite());
        if (!item.existed()) {
            put.conditionExpression("attribute_not_exists(#pk)").expressionAttributeNames(Map.of("#pk", FilmsTable.PK));
        } else if (item.storedPosition() == null) {
            put.conditionExpression("attribute_not_exists(#position)")
                    .expressionAttributeNames(Map.of("#position", FilmsTable.POSITION));
        } else {
            put.conditionExpression("#position = :stored")
                    .expressionAttributeNames(Map.of("#position", FilmsTable.POSITION))
                    .expressionAttributeValues(Map.of(":stored", item.storedPosition()));
        }
        return TransactWriteItem.builder().put(put.build()).build();
    }

    private TransactWriteItem add(ItemKey counter, Map<String, AttributeValue> labels, Map<String, BigDecimal> amounts) {
        Map<String, String> names = new HashMap<>();
        Map<String, AttributeValue> values = new HashMap<>();
        List<String> sets = new ArrayList<>();
        List<String> adds = new ArrayList<>();
        labels.forEach((attribute, value) -> {
            String placeholder = "a" + names.size();
            names.put("#" + placeholder, attribute);
            values.put(":" + placeholder, value);
            sets.add("#" + placeholder + " = :" + placeholder);
        });
        amounts.forEach((attribute, amount) -> {
            String placeholder = "a" + names.size();
            names.put("#" + placeholder, attribute);
            values.put(":" + placeholder, AttributeValue.fromN(amount.toPlainString()));
            adds.add("#" + placeholder + " :" + placeholder);
        });
        String expression = (sets.isEmpty() ? "" : "SET " + String.join(", ", sets) + " ") + "ADD " + String.join(", ", adds);
        return TransactWriteItem.builder().update(Update.builder().tableName(table.name()).key(counter.asMap())
                .updateExpression(expression).expressionAttributeNames(names).expressionAttributeValues(values).build()).build();
    }

    private void transact(Map<ItemKey, TransactWriteItem> transaction) {
        List<ItemKey> keys = new ArrayList<>(transaction.keySet());
        List<TransactWriteItem> writes = new ArrayList<>(transaction.values());
        for (int attempt = 1; ; attempt++) {
            try {
                requests++;
                table.client().transactWriteItems(request -> request.transactItems(writes));
                return;
            } catch (TransactionCanceledException cancelled) {
                List<CancellationReason> reasons = cancelled.cancellationReasons();
                for (int index = 0; index < reasons.size(); index++) {
                    if ("ConditionalCheckFailed".equals(reasons.get(index).code())) {
                        throw new StaleItemException(keys.get(index));
                    }
                }
                // another transaction held one of these items (a shared counter): nothing was written, try again
                if (attempt >= CONFLICT_RETRIES) {
                    throw cancelled;
                }
                pause(attempt);
            }
        }
    }

    private static void pause(int attempt) {
        try {
            Thread.sleep(5L * attempt);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing a projection batch", e);
        }
    }

    /** An item changed since the batch read it: the batch's view is stale and none of this transaction was written. */
    public static final class StaleItemException extends RuntimeException {

        public StaleItemException(ItemKey key) {
            super("item " + key + " changed since this batch read it; the batch will be applied again");
        }
    }
}
