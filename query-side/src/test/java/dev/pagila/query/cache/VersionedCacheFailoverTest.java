package dev.pagila.query.cache;

import dev.pagila.query.cache.VersionedCache.Slot;
import dev.pagila.query.health.ReadStoreHealth;
import io.lettuce.core.KillArgs;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.boot.actuate.health.Status;
import org.springframework.data.redis.connection.RedisClusterConnection;
import org.springframework.data.redis.connection.RedisClusterNode;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The cache on a real Redis Cluster while a master is killed (SIGKILL) and a replica takes over: it keeps answering,
 * from DynamoDB while it must, and never answers with what an invalidation made before the kill retired.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class VersionedCacheFailoverTest extends OnRedisCluster {

    private static final Duration LETTUCE_NOTICES = Duration.ofSeconds(15);

    @Test
    @Order(1)
    void aPromotedReplicaThatMissedTheLastInvalidationNeverServesTheAnswerItRetired() {
        Slot film = Slot.film(42);
        cache.invalidateAll(List.of(film.generationKey()));
        cache.readThroughJson(film, () -> Optional.of("before the write"));
        assertThat(cache.hit(film)).contains(new CachedJson<>("\"before the write\""));
        int master = stores.cluster.masterOf(film.generationKey());
        String replicated = stores.cluster.onNode(master, node -> node.get(film.generationKey()));
        stopReplicationFrom(master);

        // acknowledged by the master alone, then lost with it
        cache.invalidateAll(List.of(film.generationKey()));
        int killed = stores.cluster.killMaster(stores.cluster.masters().indexOf(master));
        stores.cluster.awaitFailover();

        int promoted = stores.cluster.masterOf(film.generationKey());
        assertThat(promoted).isNotEqualTo(killed);
        String promotedGeneration = stores.cluster.onNode(promoted, node -> node.get(film.generationKey()));
        assertThat(promotedGeneration).as("the promoted replica's generation, the one the old answer was cached under")
                .isEqualTo(replicated);
        // no command of the cache failed: only Lettuce's view of the new masters tells it
        awaitUntil(() -> !cache.isAvailable());
        // answered from DynamoDB until the cache has flushed Redis, then from Redis
        awaitUntil(() -> {
            assertThat(cache.readThroughJson(film, () -> Optional.of("after the write")))
                    .contains(new CachedJson<>("\"after the write\""));
            return cache.hit(film).isPresent();
        });
        assertThat(cache.hit(film)).contains(new CachedJson<>("\"after the write\""));

        stores.cluster.restart(killed);
        assertThat(stores.cluster.replicasOf(promoted)).contains(killed);
        // a replica joining changes no master: the cache keeps its answers
        awaitUntil(() -> lettuceSeesAsReplica(killed));
        sleep(Duration.ofMillis(200)); // Lettuce's event reaches the cache on another thread
        assertThat(cache.isAvailable()).isTrue();
        assertThat(cache.hit(film)).contains(new CachedJson<>("\"after the write\""));
    }

    @Test
    @Order(2)
    void readsKeepAnsweringWhileAMasterFailsOver() {
        List<Slot> films = IntStream.rangeClosed(1, 30).mapToObj(Slot::film).toList();
        for (Slot film : films) {
            cache.readThroughJson(film, () -> Optional.of("before the write"));
        }
        cache.invalidateAll(films.stream().map(Slot::generationKey).toList());

        int killed = stores.cluster.killMaster(0);
        CompletableFuture<Void> failover = CompletableFuture.runAsync(stores.cluster::awaitFailover);
        long deadline = System.nanoTime() + LETTUCE_NOTICES.plusSeconds(15).toNanos();
        int passes = 0;
        do {
            for (Slot film : films) {
                assertThat(cache.readThroughJson(film, () -> Optional.of("after the write")))
                        .as(film.answerKey()).contains(new CachedJson<>("\"after the write\""));
            }
            passes++;
            assertThat(System.nanoTime()).as("the cache serves answers from Redis again").isLessThan(deadline);
        } while (!failover.isDone() || !films.stream().allMatch(film -> cache.hit(film).isPresent()));
        failover.join();

        assertThat(stores.cluster.masters()).doesNotContain(killed);
        assertThat(passes).isGreaterThan(1);
        // the dead node is known as failed: only the live ones are asked
        assertThat(new ReadStoreHealth().cacheHealthIndicator(stores.redis, cache).health().getStatus()).isEqualTo(Status.UP);
        stores.cluster.restart(killed);
    }

    private static boolean lettuceSeesAsReplica(int port) {
        try (RedisClusterConnection connection = stores.redis.getRequiredConnectionFactory().getClusterConnection()) {
            for (RedisClusterNode node : connection.clusterGetNodes()) {
                if (node.getPort() == port && node.isReplica()) {
                    return true;
                }
            }
            return false;
        }
    }

    /** The master's replicas stop following it: they fail to authenticate when they reconnect, so they stay away. */
    private static void stopReplicationFrom(int master) {
        for (int replica : stores.cluster.replicasOf(master)) {
            stores.cluster.onNode(replica, node -> node.configSet("masterauth", "not-the-masters-password"));
        }
        stores.cluster.onNode(master, node -> node.clientKill(KillArgs.Builder.typeSlave()));
        String replication = stores.cluster.onNode(master, node -> node.info("replication"));
        assertThat(replication).contains("connected_slaves:0");
    }

    private static void awaitUntil(BooleanSupplier condition) {
        long deadline = System.nanoTime() + LETTUCE_NOTICES.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited " + LETTUCE_NOTICES.toSeconds() + " s").isLessThan(deadline);
            sleep(Duration.ofMillis(20));
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
