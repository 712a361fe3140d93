package dev.pagila.query.cache;

import io.lettuce.core.RedisFuture;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.event.ClusterTopologyChangedEvent;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode.NodeFlag;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.resource.ClientResources;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.data.redis.RedisSystemException;
import org.springframework.data.redis.connection.RedisClusterConnection;
import org.springframework.data.redis.connection.RedisClusterNode;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.Cursor;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.data.redis.core.StringRedisTemplate;
import reactor.core.Disposable;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiFunction;
import java.util.stream.Collectors;

import static java.nio.charset.StandardCharsets.UTF_8;

/**
 * What the cache does differently on a Redis Cluster, where a command reaches the master of one hash slot: a script
 * or a deletion of keys of many slots runs once per slot, a scan runs on every master, and a change of masters is
 * reported.
 */
final class ClusterCalls {

    private final LettuceConnectionFactory connections;
    private final Duration timeout;

    private ClusterCalls(LettuceConnectionFactory connections) {
        this.connections = connections;
        this.timeout = connections.getClientConfiguration().getCommandTimeout();
    }

    /** Present when {@code redis} talks to a Redis Cluster: decided by its configuration, without connecting. */
    static Optional<ClusterCalls> of(StringRedisTemplate redis) {
        return redis.getRequiredConnectionFactory() instanceof LettuceConnectionFactory lettuce && lettuce.isClusterAware()
                ? Optional.of(new ClusterCalls(lettuce)) : Optional.empty();
    }

    /**
     * Runs {@code command} once per hash slot of {@code keys}, with that slot's keys, every slot at once on the shared
     * connection (Lettuce sends each to its slot's master); returns the sum of the replies, or fails if one fails.
     */
    long perSlot(Collection<String> keys, BiFunction<RedisClusterAsyncCommands<byte[], byte[]>, byte[][], RedisFuture<Long>> command) {
        if (keys.isEmpty()) {
            return 0;
        }
        List<byte[]> encoded = keys.stream().map(key -> key.getBytes(UTF_8)).toList();
        try (RedisClusterConnection connection = connections.getClusterConnection()) {
            @SuppressWarnings("unchecked")
            RedisClusterAsyncCommands<byte[], byte[]> commands = (RedisClusterAsyncCommands<byte[], byte[]>) connection.getNativeConnection();
            List<CompletableFuture<Long>> replies = SlotHash.partition(ByteArrayCodec.INSTANCE, encoded).values().stream()
                    .map(slotKeys -> command.apply(commands, slotKeys.toArray(byte[][]::new)).toCompletableFuture())
                    .toList();
            CompletableFuture.allOf(replies.toArray(CompletableFuture[]::new)).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return replies.stream().mapToLong(CompletableFuture::join).sum();
        } catch (ExecutionException e) {
            throw new RedisSystemException("a command on " + keys.size() + " keys failed: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new QueryTimeoutException("a command on " + keys.size() + " keys took over " + timeout.toMillis() + " ms", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RedisSystemException("interrupted during a command on " + keys.size() + " keys", e);
        }
    }

    /**
     * The keys matching {@code pattern} on every master that serves slots. Fails if one does not answer, a master that
     * failed and is not replaced yet included: its slots' keys could not be listed.
     */
    List<String> keysOnMasters(String pattern) {
        ScanOptions options = ScanOptions.scanOptions().match(pattern).count(1000).build();
        List<String> keys = new ArrayList<>();
        try (RedisClusterConnection connection = connections.getClusterConnection()) {
            for (RedisClusterNode node : connection.clusterGetNodes()) {
                if (node.isMaster() && node.getSlotRange().getSlotsArray().length > 0) {
                    try (Cursor<byte[]> cursor = connection.scan(node, options)) {
                        cursor.forEachRemaining(key -> keys.add(new String(key, UTF_8)));
                    }
                }
            }
        }
        return keys;
    }

    /**
     * Calls {@code action} whenever Lettuce's view of the cluster (refreshed periodically and on redirects and
     * reconnects) shows another set of masters serving slots, as after a failover; not when a replica comes or goes.
     */
    Disposable onMastersReplaced(Runnable action) {
        ClientResources resources = Optional.ofNullable(connections.getClientResources()) // Spring Boot's bean
                .orElseGet(() -> connections.getRequiredNativeClient().getResources());
        return resources.eventBus().get()
                .ofType(ClusterTopologyChangedEvent.class)
                .filter(change -> !masters(change.before()).equals(masters(change.after())))
                .subscribe(change -> action.run());
    }

    private static Set<String> masters(List<io.lettuce.core.cluster.models.partitions.RedisClusterNode> nodes) {
        return nodes.stream().filter(node -> node.is(NodeFlag.UPSTREAM) && !node.hasNoSlots())
                .map(io.lettuce.core.cluster.models.partitions.RedisClusterNode::getNodeId).collect(Collectors.toSet());
    }
}
