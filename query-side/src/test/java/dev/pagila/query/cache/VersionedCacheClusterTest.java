package dev.pagila.query.cache;

import dev.pagila.query.cache.VersionedCache.Slot;
import dev.pagila.query.health.ReadStoreHealth;
import io.lettuce.core.cluster.SlotHash;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The cache on a real Redis Cluster: three masters, each with a replica. */
class VersionedCacheClusterTest extends OnRedisCluster {

    @Test
    void eachScriptsKeysShareAHashSlot() {
        List<Slot> slots = List.of(Slot.film(12), Slot.filmStock(12, 1, true), Slot.filmStock(12, 2, false), Slot.account(7),
                Slot.in(CacheKeys.CATALOG, "films:plain:50:null"), Slot.in(CacheKeys.SALES, "by-store-listing"),
                Slot.in(CacheKeys.PEOPLE, "stores"));
        for (Slot slot : slots) {
            assertThat(slot.answerKey()).startsWith(CacheKeys.PREFIX);
            assertThat(SlotHash.getSlot(slot.answerKey())).as(slot.toString()).isEqualTo(SlotHash.getSlot(slot.generationKey()));
        }
    }

    @Test
    void anAnswerIsLoadedOnceAndThenServedByTheMasterOfItsSlot() {
        AtomicInteger loads = new AtomicInteger();
        List<Slot> films = IntStream.rangeClosed(1, 60).mapToObj(Slot::film).toList();
        for (int pass = 0; pass < 2; pass++) {
            for (Slot film : films) {
                assertThat(cache.readThroughJson(film, () -> {
                    loads.incrementAndGet();
                    return Optional.of(Map.of("answerKey", film.answerKey()));
                })).contains(new CachedJson<>("{\"answerKey\":\"" + film.answerKey() + "\"}"));
            }
        }

        assertThat(loads).hasValue(films.size());
        assertThat(films.stream().map(film -> stores.cluster.masterOf(film.answerKey())).collect(Collectors.toSet()))
                .containsExactlyInAnyOrderElementsOf(stores.cluster.masters());
    }

    @Test
    void anAnswerLoadedBeforeAWriteIsNotKeptAfterIt() {
        Slot film = Slot.film(7);

        Optional<CachedJson<String>> slowAnswer = cache.readThroughJson(film, () -> {
            cache.invalidateAll(List.of(film.generationKey())); // a projection's write, while the reader loads
            return Optional.of("loaded before the write");
        });

        assertThat(slowAnswer).contains(new CachedJson<>("\"loaded before the write\""));
        assertThat(cache.hit(film)).isEmpty();
        cache.readThroughJson(film, () -> Optional.of("loaded after the write"));
        assertThat(cache.hit(film)).contains(new CachedJson<>("\"loaded after the write\""));
    }

    @Test
    void aWriteRetiresExactlyTheAnswersOfItsGenerationsWhicheverMastersTheyLiveOn() {
        List<Slot> retired = new ArrayList<>();
        List<Slot> kept = new ArrayList<>();
        for (int film = 1; film <= 100; film++) {
            (film % 2 == 0 ? retired : kept).addAll(List.of(Slot.film(film), Slot.filmStock(film, 1, true)));
        }
        for (int customer = 1; customer <= 20; customer++) {
            kept.add(Slot.account(customer));
        }
        for (int page = 0; page < 10; page++) {
            retired.add(Slot.in(CacheKeys.CATALOG, "films:plain:50:page-" + page));
            kept.add(Slot.in(CacheKeys.PEOPLE, "customers:50:page-" + page));
        }
        for (Slot slot : concat(retired, kept)) {
            cache.readThroughJson(slot, () -> Optional.of("before the write"));
            assertThat(cache.hit(slot)).as(slot.answerKey()).isPresent();
        }
        Set<String> generations = retired.stream().map(Slot::generationKey).collect(Collectors.toSet());

        cache.invalidateAll(generations);

        assertThat(generations.stream().map(SlotHash::getSlot).distinct().count()).isGreaterThan(20);
        assertThat(generations.stream().map(stores.cluster::masterOf).collect(Collectors.toSet()))
                .containsExactlyInAnyOrderElementsOf(stores.cluster.masters());
        assertThat(retired).allSatisfy(slot -> assertThat(cache.hit(slot)).as(slot.answerKey()).isEmpty());
        assertThat(kept).allSatisfy(slot -> assertThat(cache.hit(slot)).as(slot.answerKey()).isPresent());
        assertThat(cache.isAvailable()).isTrue();
    }

    @Test
    void aFlushEmptiesEveryMaster() {
        for (int film = 1; film <= 200; film++) {
            cache.readThroughJson(Slot.film(film), () -> Optional.of("cached"));
            cache.readThroughJson(Slot.filmStock(film, 2, false), () -> Optional.of("cached"));
        }
        cache.invalidateAll(List.of(Slot.film(1).generationKey(), Slot.film(2).generationKey()));
        long held = stores.keysOnMasters();
        assertThat(held).isEqualTo(402);

        assertThat(cache.flush()).isEqualTo(held);

        for (int master : stores.cluster.masters()) {
            List<String> keys = stores.cluster.onNode(master, node -> node.keys(CacheKeys.PREFIX + "*"));
            assertThat(keys).as("port " + master).isEmpty();
        }
    }

    @Test
    void theCacheReportsItselfUpWhileEveryNodeAnswers() {
        Health health = new ReadStoreHealth().cacheHealthIndicator(stores.redis, cache).health();

        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(health.getDetails()).containsEntry("redis", "PONG").containsEntry("servingFromCache", true);
    }

    private static List<Slot> concat(List<Slot> first, List<Slot> second) {
        List<Slot> both = new ArrayList<>(first);
        both.addAll(second);
        return both;
    }
}
