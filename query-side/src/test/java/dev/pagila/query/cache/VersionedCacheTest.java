package dev.pagila.query.cache;

import dev.pagila.query.support.ReadStores;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.core.Cursor;
import org.springframework.data.redis.core.ScanOptions;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The cache in front of DynamoDB, on a real redis-server. */
class VersionedCacheTest {

    private static ReadStores stores;
    private VersionedCache cache;

    @BeforeAll
    static void startStores() {
        stores = new ReadStores();
    }

    @AfterAll
    static void stopStores() {
        stores.close();
    }

    @BeforeEach
    void emptyCache() {
        cache = stores.cache();
        cache.flush();
    }

    @Test
    void aFamilyKeepsABoundedNumberOfAnswersWhateverQuestionsAreAsked() {
        for (int i = 0; i < 3 * CacheKeys.ANSWERS_PER_FAMILY; i++) {
            String question = "films:plain:titlePrefix=made-up-" + i + ":50:null";
            cache.readThroughJson(VersionedCache.Slot.in(CacheKeys.CATALOG, question), () -> Optional.of(List.of()));
        }

        Set<String> answers = new HashSet<>();
        try (Cursor<String> keys = stores.redis.scan(ScanOptions.scanOptions().match(CacheKeys.tagged(CacheKeys.CATALOG) + ":*").build())) {
            keys.forEachRemaining(answers::add);
        }
        answers.remove(CacheKeys.generationOf(CacheKeys.CATALOG));
        assertThat(answers).hasSizeBetween(CacheKeys.ANSWERS_PER_FAMILY / 2, CacheKeys.ANSWERS_PER_FAMILY);
    }

    @Test
    void twoQuestionsKeptInOnePlaceNeverAnswerForEachOther() {
        String first = "question-0";
        String second = IntStream.range(1, 100_000).mapToObj(i -> "question-" + i)
                .filter(question -> CacheKeys.answer(CacheKeys.CATALOG, question).equals(CacheKeys.answer(CacheKeys.CATALOG, first)))
                .findFirst().orElseThrow();
        cache.readThroughJson(VersionedCache.Slot.in(CacheKeys.CATALOG, first), () -> Optional.of("first answer"));

        Optional<CachedJson<String>> asked = cache.readThroughJson(VersionedCache.Slot.in(CacheKeys.CATALOG, second), () -> Optional.of("second answer"));

        assertThat(asked).get().extracting(CachedJson::text).isEqualTo("\"second answer\"");
        assertThat(cache.readThroughJson(VersionedCache.Slot.in(CacheKeys.CATALOG, first), () -> Optional.of("first answer, loaded again")))
                .get().extracting(CachedJson::text).isEqualTo("\"first answer, loaded again\"");
    }

    @Test
    void readersMissingTheSameAnswerAtOnceWaitForOneLoad() throws Exception {
        VersionedCache.Slot slot = VersionedCache.Slot.in(CacheKeys.CATALOG, "popular");
        AtomicInteger loads = new AtomicInteger();
        CountDownLatch loading = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        double sharedBefore = sharedLoads();
        ExecutorService readers = Executors.newFixedThreadPool(8);
        try {
            List<Future<Optional<CachedJson<Map<String, String>>>>> answers = new ArrayList<>();
            answers.add(readers.submit(() -> cache.readThroughJson(slot, () -> {
                loads.incrementAndGet();
                loading.countDown();
                await(release);
                return Optional.of(Map.of("title", "ACADEMY DINOSAUR"));
            })));
            assertThat(loading.await(5, TimeUnit.SECONDS)).isTrue();
            for (int reader = 0; reader < 7; reader++) {
                answers.add(readers.submit(() -> cache.readThroughJson(slot, () -> {
                    loads.incrementAndGet();
                    return Optional.of(Map.of("title", "a second load"));
                })));
            }
            // the seven wait for the first load rather than loading themselves
            awaitSharedLoads(sharedBefore + 7);
            release.countDown();
            for (Future<Optional<CachedJson<Map<String, String>>>> answer : answers) {
                assertThat(answer.get(5, TimeUnit.SECONDS)).contains(new CachedJson<>("{\"title\":\"ACADEMY DINOSAUR\"}"));
            }
        } finally {
            readers.shutdownNow();
        }
        assertThat(loads).hasValue(1);
        assertThat(sharedLoads() - sharedBefore).isEqualTo(7);
        assertThat(cache.hit(slot)).contains(new CachedJson<>("{\"title\":\"ACADEMY DINOSAUR\"}"));
    }

    @Test
    void aFailedLoadFailsItsWaitersAndTheNextReaderLoadsAgain() throws Exception {
        VersionedCache.Slot slot = VersionedCache.Slot.in(CacheKeys.CATALOG, "failing");
        CountDownLatch loading = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService readers = Executors.newFixedThreadPool(2);
        try {
            Future<Optional<CachedJson<String>>> first = readers.submit(() -> cache.readThroughJson(slot, () -> {
                loading.countDown();
                await(release);
                throw new IllegalStateException("DynamoDB is unreachable");
            }));
            assertThat(loading.await(5, TimeUnit.SECONDS)).isTrue();
            double sharedBefore = sharedLoads();
            Future<Optional<CachedJson<String>>> waiter = readers.submit(() -> cache.readThroughJson(slot, Optional::empty));
            awaitSharedLoads(sharedBefore + 1);
            release.countDown();
            assertThatThrownBy(() -> first.get(5, TimeUnit.SECONDS)).hasRootCauseMessage("DynamoDB is unreachable");
            assertThatThrownBy(() -> waiter.get(5, TimeUnit.SECONDS)).hasRootCauseMessage("DynamoDB is unreachable");
        } finally {
            readers.shutdownNow();
        }
        assertThat(cache.readThroughJson(slot, () -> Optional.of(List.of(1)))).contains(new CachedJson<>("[1]"));
    }

    @Test
    void aChangeRetiresTheCachedAnswer() {
        VersionedCache.Slot slot = VersionedCache.Slot.film(7);
        cache.readThroughJson(slot, () -> Optional.of(Map.of("rentalRate", 0.99)));
        cache.invalidateAll(List.of(slot.generationKey()));

        assertThat(cache.hit(slot)).isEmpty();
        assertThat(cache.readThroughJson(slot, () -> Optional.of(Map.of("rentalRate", 1.99))))
                .contains(new CachedJson<>("{\"rentalRate\":1.99}"));
    }

    private static void awaitSharedLoads(double count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (sharedLoads() < count && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }

    private static double sharedLoads() {
        return stores.meters.counter("pagila.cache.shared.loads").count();
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(5, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the test did not release the load");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
