package dev.pagila.query.table;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pagila.infra.dynamodb.FilmsTable;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.IntSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Access to the single Films table shared by every projection and query: items by key, whole partitions,
 * index partitions page by page. Base-table reads are strongly consistent; index reads are eventually
 * consistent, as DynamoDB's global secondary indexes are.
 */
@Component
public class ReadModelTable {

    private static final ObjectMapper CURSOR_JSON = new ObjectMapper();
    private static final int BATCH_GET_LIMIT = 100;
    private static final int BATCH_WRITE_LIMIT = 25;

    private final DynamoDbClient dynamoDb;
    private final Supplier<String> tableName;

    /** The active table, followed through a blue/green switch. */
    @Autowired
    public ReadModelTable(DynamoDbClient dynamoDb, ActiveTable activeTable) {
        this.dynamoDb = dynamoDb;
        this.tableName = activeTable::current;
    }

    /** One fixed table: a table being rebuilt, or a test's. */
    public ReadModelTable(DynamoDbClient dynamoDb, String table) {
        this.dynamoDb = dynamoDb;
        this.tableName = () -> table;
    }

    public DynamoDbClient client() {
        return dynamoDb;
    }

    public String name() {
        return tableName.get();
    }

    /** The item as stored, for operators and tests that compare items attribute by attribute. */
    public Optional<Map<String, AttributeValue>> raw(ItemKey key) {
        Map<String, AttributeValue> item = dynamoDb.getItem(request -> request.tableName(name())
                .key(key.asMap()).consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(item);
    }

    /** The item, strongly consistent; empty when the table holds none of this kind under the key. */
    public <T> Optional<T> get(ItemKind<T> kind, ItemKey key) {
        return raw(key).filter(kind::isKindOf).map(kind::from);
    }

    /** Items by key, strongly consistent, in as few round trips as DynamoDB allows; missing keys are left out. */
    public <T> List<T> getAll(ItemKind<T> kind, Collection<ItemKey> keys) {
        return kind.allOf(readAll(keys).items());
    }

    /** Items found by a batch read, and the requests it took. */
    public record Reads(List<Map<String, AttributeValue>> items, int requests) {
    }

    public Reads readAll(Collection<ItemKey> keys) {
        int requests = 0;
        List<Map<String, AttributeValue>> found = new ArrayList<>();
        List<Map<String, AttributeValue>> distinct = keys.stream().distinct().map(ItemKey::asMap).toList();
        for (int from = 0; from < distinct.size(); from += BATCH_GET_LIMIT) {
            Map<String, KeysAndAttributes> pending = Map.of(name(), KeysAndAttributes.builder()
                    .keys(distinct.subList(from, Math.min(distinct.size(), from + BATCH_GET_LIMIT))).consistentRead(true).build());
            while (!pending.isEmpty()) {
                Map<String, KeysAndAttributes> request = pending;
                var response = dynamoDb.batchGetItem(builder -> builder.requestItems(request));
                requests++;
                found.addAll(response.responses().getOrDefault(name(), List.of()));
                pending = response.unprocessedKeys();
            }
        }
        return new Reads(found, requests);
    }

    /**
     * Deletes every item of these kinds: what a processing group owns, before it
     * replays from the first event. Scans the table in parallel segments, deletes in batches of 25.
     *
     * @return how many items were deleted
     */
    public long deleteItemsOf(List<ItemKind<?>> kinds) {
        Map<String, AttributeValue> values = new HashMap<>();
        List<String> placeholders = new ArrayList<>();
        for (String type : ItemKind.typesOf(kinds)) {
            String placeholder = ":t" + placeholders.size();
            placeholders.add(placeholder);
            values.put(placeholder, AttributeValue.fromS(type));
        }
        String filter = "#type IN (" + String.join(", ", placeholders) + ")";
        int segments = 4;
        List<CompletableFuture<Long>> scans = new ArrayList<>();
        for (int segment = 0; segment < segments; segment++) {
            int current = segment;
            scans.add(CompletableFuture.supplyAsync(() -> {
                List<Map<String, AttributeValue>> keys = dynamoDb.scanPaginator(request -> request.tableName(name())
                                .segment(current).totalSegments(segments)
                                .filterExpression(filter)
                                .projectionExpression("#pk, #sk")
                                .expressionAttributeNames(Map.of("#type", ItemKind.TYPE, "#pk", FilmsTable.PK, "#sk", FilmsTable.SK))
                                .expressionAttributeValues(values))
                        .items().stream().toList();
                deleteAll(keys);
                return (long) keys.size();
            }));
        }
        return scans.stream().mapToLong(CompletableFuture::join).sum();
    }

    private void deleteAll(List<Map<String, AttributeValue>> keys) {
        for (int from = 0; from < keys.size(); from += BATCH_WRITE_LIMIT) {
            batchWrite(keys.subList(from, Math.min(keys.size(), from + BATCH_WRITE_LIMIT))
                    .stream().map(key -> WriteRequest.builder().deleteRequest(delete -> delete.key(key)).build()).toList());
        }
    }

    /** How a bulk fill sends its unconditional puts. */
    public enum BulkRequests {
        /** {@code BatchWriteItem} of 25: the cheapest write DynamoDB offers (one write unit per item). */
        BATCH_WRITE(BATCH_WRITE_LIMIT),
        /**
         * {@code TransactWriteItems} of 100 unconditional puts: twice the write units on DynamoDB, but one commit per
         * request where the store commits each request to disk (DynamoDB Local on disk), so four times fewer there.
         */
        TRANSACT_WRITE(ItemBatch.TRANSACTION_LIMIT);

        private final int itemsPerRequest;

        BulkRequests(int itemsPerRequest) {
            this.itemsPerRequest = itemsPerRequest;
        }
    }

    /**
     * Puts items and applies updates (a counter's {@code ADD}) unconditionally, {@code parallelRequests} requests in
     * flight: for a table (or the items of a group) that no other writer touches, such as a bulk fill's. Each item is
     * made by its supplier on the thread that sends it, so that turning items into attributes overlaps the requests.
     * Items DynamoDB leaves unprocessed are sent again after a growing pause.
     *
     * @return the requests it took
     */
    public int writeAll(List<? extends Supplier<Map<String, AttributeValue>>> puts, List<Update> updates, int parallelRequests,
                        BulkRequests shape) {
        List<IntSupplier> requests = new ArrayList<>();
        for (int from = 0; from < puts.size(); from += shape.itemsPerRequest) {
            List<? extends Supplier<Map<String, AttributeValue>>> chunk = puts.subList(from, Math.min(puts.size(), from + shape.itemsPerRequest));
            requests.add(() -> {
                List<Map<String, AttributeValue>> items = chunk.stream().map(Supplier::get).toList();
                return shape == BulkRequests.BATCH_WRITE
                        ? batchWrite(items.stream().map(item -> WriteRequest.builder().putRequest(put -> put.item(item)).build()).toList())
                        : transactPuts(items);
            });
        }
        for (Update update : updates) {
            requests.add(() -> {
                dynamoDb.updateItem(request -> request.tableName(update.tableName()).key(update.key())
                        .updateExpression(update.updateExpression()).expressionAttributeNames(update.expressionAttributeNames())
                        .expressionAttributeValues(update.expressionAttributeValues()));
                return 1;
            });
        }
        return inParallel(requests, parallelRequests);
    }

    /** Sends each request on one of {@code parallelRequests} threads; returns the requests they took. */
    private static int inParallel(List<IntSupplier> requests, int parallelRequests) {
        if (requests.size() <= 1 || parallelRequests <= 1) {
            return requests.stream().mapToInt(IntSupplier::getAsInt).sum();
        }
        ExecutorService senders = Executors.newFixedThreadPool(Math.min(parallelRequests, requests.size()));
        try {
            List<CompletableFuture<Integer>> sent = requests.stream()
                    .map(request -> CompletableFuture.supplyAsync(request::getAsInt, senders)).toList();
            return sent.stream().mapToInt(CompletableFuture::join).sum();
        } catch (CompletionException failed) {
            throw failed.getCause() instanceof RuntimeException cause ? cause : failed;
        } finally {
            senders.shutdownNow();
        }
    }

    private int transactPuts(List<Map<String, AttributeValue>> items) {
        dynamoDb.transactWriteItems(request -> request.transactItems(items.stream()
                .map(item -> TransactWriteItem.builder().put(put -> put.tableName(name()).item(item)).build()).toList()));
        return 1;
    }

    /** One batch of writes, with its unprocessed items sent again until none is left; returns the requests it took. */
    private int batchWrite(List<WriteRequest> writes) {
        Map<String, List<WriteRequest>> pending = Map.of(name(), writes);
        int requests = 0;
        while (!pending.isEmpty()) {
            Map<String, List<WriteRequest>> request = pending;
            pending = dynamoDb.batchWriteItem(builder -> builder.requestItems(request)).unprocessedItems();
            requests++;
            if (!pending.isEmpty()) {
                pauseBeforeResending(requests);
            }
        }
        return requests;
    }

    private static void pauseBeforeResending(int attempt) {
        try {
            Thread.sleep(Math.min(1000L, 10L << Math.min(attempt, 7)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing a batch", e);
        }
    }

    /** Every item of a partition, in sort-key order, strongly consistent. */
    public List<Map<String, AttributeValue>> partition(String pk) {
        return dynamoDb.queryPaginator(request -> request.tableName(name()).consistentRead(true)
                        .keyConditionExpression("#pk = :pk")
                        .expressionAttributeNames(Map.of("#pk", FilmsTable.PK))
                        .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(pk))))
                .items().stream().toList();
    }

    /** Every item of an index partition, in index sort-key order. */
    public List<Map<String, AttributeValue>> indexPartition(String index, String pk) {
        return dynamoDb.queryPaginator(indexQuery(index, pk, null).build()).items().stream().toList();
    }

    /** Every item of an index partition that holds one kind of item, in index sort-key order. */
    public <T> List<T> indexPartition(ItemKind<T> kind, String index, String pk) {
        return kind.allOf(indexPartition(index, pk));
    }

    /**
     * One page of an index partition whose sort key starts with {@code sortKeyPrefix} (may be null), keeping only
     * the items {@code keep} accepts. Reads on until the page is full or the partition ends.
     */
    public <T> Page<T> indexPage(ItemKind<T> kind, String index, String pk, String sortKeyPrefix, Predicate<T> keep, int limit,
                                 String cursor) {
        List<T> items = new ArrayList<>();
        Map<String, AttributeValue> startAfter = decode(cursor);
        if (startAfter != null && (!startAfter.containsKey(indexAttributes(index)[0])
                || !pk.equals(startAfter.get(indexAttributes(index)[0]).s()))) {
            throw new InvalidCursorException(cursor);
        }
        while (true) {
            QueryRequest.Builder request = indexQuery(index, pk, sortKeyPrefix).limit(Math.max(limit - items.size(), 1) * 2);
            if (startAfter != null) {
                request.exclusiveStartKey(startAfter);
            }
            QueryResponse response = dynamoDb.query(request.build());
            for (Map<String, AttributeValue> stored : response.items()) {
                if (!kind.isKindOf(stored)) {
                    continue;
                }
                T item = kind.from(stored);
                if (!keep.test(item)) {
                    continue;
                }
                items.add(item);
                if (items.size() == limit) {
                    // resume right after the last item handed out, whether or not DynamoDB's page ended here
                    return new Page<>(items, encode(indexKeyOf(index, stored)));
                }
            }
            if (!response.hasLastEvaluatedKey() || response.lastEvaluatedKey().isEmpty()) {
                return new Page<>(items, null);
            }
            startAfter = response.lastEvaluatedKey();
        }
    }

    private QueryRequest.Builder indexQuery(String index, String pk, String sortKeyPrefix) {
        String[] attributes = indexAttributes(index);
        Map<String, String> names = new HashMap<>(Map.of("#pk", attributes[0]));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":pk", AttributeValue.fromS(pk)));
        String condition = "#pk = :pk";
        if (sortKeyPrefix != null && !sortKeyPrefix.isEmpty()) {
            names.put("#sk", attributes[1]);
            values.put(":prefix", AttributeValue.fromS(sortKeyPrefix));
            condition += " AND begins_with(#sk, :prefix)";
        }
        return QueryRequest.builder().tableName(name()).indexName(index).keyConditionExpression(condition)
                .expressionAttributeNames(names).expressionAttributeValues(values);
    }

    private static String[] indexAttributes(String index) {
        return switch (index) {
            case FilmsTable.GSI1 -> new String[] {FilmsTable.GSI1_PK, FilmsTable.GSI1_SK};
            case FilmsTable.GSI2 -> new String[] {FilmsTable.GSI2_PK, FilmsTable.GSI2_SK};
            default -> throw new IllegalArgumentException("no index " + index);
        };
    }

    private static Map<String, AttributeValue> indexKeyOf(String index, Map<String, AttributeValue> item) {
        String[] attributes = indexAttributes(index);
        Map<String, AttributeValue> key = new LinkedHashMap<>(ItemKey.of(item).asMap());
        key.put(attributes[0], item.get(attributes[0]));
        key.put(attributes[1], item.get(attributes[1]));
        return key;
    }

    private static String encode(Map<String, AttributeValue> key) {
        Map<String, String> plain = key.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().s()));
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(CURSOR_JSON.writeValueAsBytes(plain));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, AttributeValue> decode(String cursor) {
        if (cursor == null || cursor.isBlank()) {
            return null;
        }
        try {
            Map<String, String> plain = CURSOR_JSON.readValue(Base64.getUrlDecoder().decode(cursor), new TypeReference<>() {
            });
            if (plain.isEmpty() || plain.values().stream().anyMatch(value -> value == null)) {
                throw new InvalidCursorException(cursor);
            }
            if (plain.size() != 4) {
                throw new InvalidCursorException(cursor);
            }
            return plain.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> AttributeValue.fromS(e.getValue())));
        } catch (IOException | IllegalArgumentException e) {
            throw new InvalidCursorException(cursor);
        }
    }

    /** A cursor that this service did not hand out. */
    public static final class InvalidCursorException extends RuntimeException {

        public InvalidCursorException(String cursor) {
            super("cursor '" + cursor + "' is not one this service handed out");
        }
    }
}
