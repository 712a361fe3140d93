package dev.pagila.query.cache;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pagila.query.QuerySideProperties;
import io.lettuce.core.ScriptOutputType;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.Cursor;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.DefaultRedisScript;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.Disposables;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Redis in front of DynamoDB. Every cached answer belongs to a generation counter that the projections
 * increment after each DynamoDB write that changes the answer. A reader notes the generation before it
 * reads DynamoDB and stores its answer only if the generation is still the same, so a slow reader can never
 * put back an answer older than a write it missed, whatever order the writes and the reads interleave in.
 * <p>
 * Redis is an accelerator, never a dependency: when it fails, reads miss, writes are skipped and Redis is left
 * alone for a short back-off, so queries answer from DynamoDB at DynamoDB's speed. Invalidations lost while
 * Redis was unreachable would leave older answers behind, so the first successful contact after a failure
 * flushes every cached answer before caching resumes.
 * <p>
 * On a Redis Cluster (spring.data.redis.cluster.nodes) each script's keys share a hash slot ({@link CacheKeys}), an
 * invalidation runs once per slot it touches, a flush scans every master, and a failover counts as a failure: see
 * {@link #mastersReplaced()}.
 */
@Component
public class VersionedCache implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(VersionedCache.class);
    private static final Duration BACK_OFF = Duration.ofSeconds(1);

    /** Returns the generation, and the answer when it was cached for this question under that same generation. */
    private static final RedisScript<List> READ = new DefaultRedisScript<>("""
            local generation = redis.call('GET', KEYS[1]) or '0'
            local entry = redis.call('HMGET', KEYS[2], 'g', 'body', 'q')
            if entry[1] == generation and entry[2] and entry[3] == ARGV[1] then
              return {generation, entry[2]}
            end
            return {generation}
            """, List.class);

    private static final RedisScript<Long> PUT_IF_SAME_GENERATION = new DefaultRedisScript<>("""
            if (redis.call('GET', KEYS[1]) or '0') ~= ARGV[1] then
              return 0
            end
            redis.call('HSET', KEYS[2], 'g', ARGV[1], 'body', ARGV[2], 'q', ARGV[4])
            redis.call('PEXPIRE', KEYS[2], ARGV[3])
            return 1
            """, Long.class);

    private static final RedisScript<Long> INCREMENT_ALL = new DefaultRedisScript<>("""
            for _, key in ipairs(KEYS) do
              redis.call('INCR', key)
            end
            return #KEYS
            """, Long.class);

    private final StringRedisTemplate redis;
    /** Empty on a single Redis. */
    private final Optional<ClusterCalls> cluster;
    private final Disposable mastersWatch;
    private final ObjectMapper json;
    private final Duration ttl;
    private final Clock clock;
    private final Counter hits;
    private final Counter misses;
    private final Counter failures;
    private final Counter sharedLoads;
    private final ConcurrentMap<String, CompletableFuture<Optional<String>>> loading = new ConcurrentHashMap<>();
    private final AtomicBoolean healthy = new AtomicBoolean(true);
    private final AtomicBoolean recovering = new AtomicBoolean(false);
    /**
     * Counts the moments Redis may have lost writes (a failure, a change of masters). A reader stores its answer only
     * if none came between its read of the generation and its write: after a flush generations start again from zero,
     * and an older reader's generation could match a new one.
     */
    private final AtomicLong epoch = new AtomicLong();
    private volatile Instant retryAt = Instant.MIN;

    @Autowired
    public VersionedCache(StringRedisTemplate redis, ObjectMapper json, MeterRegistry meters,
                          QuerySideProperties properties, Clock clock) {
        this(redis, json, meters, properties.cache().ttl(), clock);
    }

    public VersionedCache(StringRedisTemplate redis, ObjectMapper json, MeterRegistry meters, Duration ttl, Clock clock) {
        this.redis = redis;
        this.cluster = ClusterCalls.of(redis);
        this.mastersWatch = cluster.map(calls -> calls.onMastersReplaced(this::mastersReplaced)).orElseGet(Disposables::disposed);
        this.json = json;
        this.ttl = ttl;
        this.clock = clock;
        this.hits = Counter.builder("pagila.cache.requests").description("cache lookups by outcome")
                .tag("result", "hit").register(meters);
        this.misses = Counter.builder("pagila.cache.requests").description("cache lookups by outcome")
                .tag("result", "miss").register(meters);
        this.sharedLoads = Counter.builder("pagila.cache.shared.loads")
                .description("misses answered by another reader's load of the same answer").register(meters);
        this.failures = Counter.builder("pagila.cache.failures").description("Redis calls that failed").register(meters);
        Gauge.builder("pagila.cache.available", () -> healthy.get() ? 1 : 0)
                .description("1 while Redis answers, 0 while queries bypass it").register(meters);
        Gauge.builder("pagila.cache.hit.ratio", () -> {
                    double lookups = hits.count() + misses.count();
                    return lookups == 0 ? 0 : hits.count() / lookups;
                })
                .description("share of cache lookups answered from Redis since the start").register(meters);
    }

    /**
     * Where one answer is cached, the generation that retires it, and the question it answers (a place of a family
     * holds one question's answer at a time: {@link CacheKeys#answer}).
     */
    public record Slot(String generationKey, String answerKey, String question) {

        public static Slot film(int filmId) {
            return bounded(CacheKeys.generationOf("film:" + filmId), CacheKeys.film(filmId));
        }

        public static Slot filmStock(int filmId, int storeId, boolean inStock) {
            return bounded(film(filmId).generationKey(), CacheKeys.filmStock(filmId, storeId, inStock));
        }

        public static Slot account(int customerId) {
            return bounded(CacheKeys.generationOf("account:" + customerId), CacheKeys.account(customerId));
        }

        public static Slot in(String family, String question) {
            return new Slot(CacheKeys.generationOf(family), CacheKeys.answer(family, question), family + ":" + question);
        }

        /** One answer per id, and ids only of what exists: its own key is its question. */
        private static Slot bounded(String generationKey, String answerKey) {
            return new Slot(generationKey, answerKey, answerKey);
        }
    }

    /**
     * The cached answer's JSON text, else the loader's answer written as JSON, cached for the next reader unless
     * the data changed meanwhile. A hit costs one Redis round trip and no JSON parsing; a miss writes the answer
     * once, for the cache and the response alike. An empty loader result (nothing found) is not cached.
     */
    public <T> Optional<CachedJson<T>> readThroughJson(Slot slot, Supplier<Optional<T>> loader) {
        return readThroughText(slot, loader).map(CachedJson::new);
    }

    private Optional<String> readThroughText(Slot slot, Supplier<? extends Optional<?>> loader) {
        if (!available()) {
            misses.increment();
            return loadOnce(slot.question(), () -> loader.get().map(this::write));
        }
        String generation;
        long readIn = epoch.get();
        try {
            List<?> entry = redis.execute(READ, List.of(slot.generationKey(), slot.answerKey()), slot.question());
            generation = String.valueOf(entry.get(0));
            if (entry.size() > 1) {
                hits.increment();
                return Optional.of(String.valueOf(entry.get(1)));
            }
        } catch (RuntimeException e) {
            failed("read of " + slot.answerKey(), e);
            misses.increment();
            return loadOnce(slot.question(), () -> loader.get().map(this::write));
        }
        misses.increment();
        return loadOnce(slot.question() + "@" + generation, () -> {
            Optional<String> answer = loader.get().map(this::write);
            answer.ifPresent(text -> put(slot, generation, readIn, text));
            return answer;
        });
    }

    /**
     * One load per question at a time: readers that miss the same answer (of the same generation) while it loads
     * wait for that load instead of each reading DynamoDB. After a start or a change, a popular answer is otherwise
     * asked of DynamoDB by every reader at once, and each waits behind the others.
     */
    private Optional<String> loadOnce(String question, Supplier<Optional<String>> loader) {
        CompletableFuture<Optional<String>> mine = new CompletableFuture<>();
        CompletableFuture<Optional<String>> running = loading.putIfAbsent(question, mine);
        if (running != null) {
            sharedLoads.increment();
            try {
                return running.join();
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException cause ? cause : e;
            }
        }
        try {
            Optional<String> answer = loader.get();
            mine.complete(answer);
            return answer;
        } catch (RuntimeException | Error e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            loading.remove(question, mine);
        }
    }

    /**
     * The answer Redis holds under the current generation, if it holds one; never loads and counts only hits (the
     * caller goes on to {@link #readThroughJson}, which counts the miss).
     */
    public Optional<CachedJson<?>> hit(Slot slot) {
        if (!available()) {
            return Optional.empty();
        }
        try {
            List<?> entry = redis.execute(READ, List.of(slot.generationKey(), slot.answerKey()), slot.question());
            if (entry.size() > 1) {
                hits.increment();
                return Optional.of(new CachedJson<>(String.valueOf(entry.get(1))));
            }
            return Optional.empty();
        } catch (RuntimeException e) {
            failed("read of " + slot.answerKey(), e);
            return Optional.empty();
        }
    }

    /** The same, for callers that work with the answer rather than pass it on. */
    public <T> Optional<T> readThrough(Slot slot, JavaType type, Supplier<Optional<T>> loader) {
        return readThroughJson(slot, loader).map(answer -> answer.as(json, type));
    }

    public <T> Optional<T> readThrough(Slot slot, Class<T> type, Supplier<Optional<T>> loader) {
        return readThrough(slot, json.constructType(type), loader);
    }

    /**
     * Retires every answer cached under these generations, in one round trip: what a projection batch changed, called
     * after its DynamoDB write. One script rather than a pipeline: Spring's pipelines take a dedicated connection
     * each time, the script runs on the shared one. On a cluster, one script per hash slot, all sent at once.
     */
    public void invalidateAll(Collection<String> generationKeys) {
        if (generationKeys.isEmpty() || !available()) {
            return;
        }
        try {
            if (cluster.isPresent()) {
                cluster.get().perSlot(generationKeys, (commands, keys) ->
                        commands.eval(INCREMENT_ALL.getScriptAsString(), ScriptOutputType.INTEGER, keys));
            } else {
                redis.execute(INCREMENT_ALL, List.copyOf(generationKeys));
            }
        } catch (RuntimeException e) {
            failed("invalidation of " + generationKeys.size() + " generations", e);
        }
    }

    /**
     * The slot's generation as Redis holds it now, which changes whenever a projection writes the answer's data: a
     * reader waiting for a write watches it rather than DynamoDB. Empty while Redis is not answering.
     */
    public Optional<String> generation(Slot slot) {
        if (!available()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Objects.requireNonNullElse(redis.opsForValue().get(slot.generationKey()), "0"));
        } catch (RuntimeException e) {
            failed("read of " + slot.generationKey(), e);
            return Optional.empty();
        }
    }

    /** Whether queries are currently served through Redis (false: answering from DynamoDB only). */
    public boolean isAvailable() {
        return healthy.get();
    }

    /** Drops every cached answer and generation; answers are read again from DynamoDB. */
    public long flush() {
        if (cluster.isPresent()) {
            ClusterCalls calls = cluster.get();
            return calls.perSlot(calls.keysOnMasters(CacheKeys.PREFIX + "*"), (commands, keys) -> commands.unlink(keys));
        }
        List<String> keys = new ArrayList<>();
        try (Cursor<String> cursor = redis.scan(ScanOptions.scanOptions().match(CacheKeys.PREFIX + "*").count(1000).build())) {
            cursor.forEachRemaining(keys::add);
        }
        long removed = 0;
        for (int from = 0; from < keys.size(); from += 500) {
            Long unlinked = redis.unlink(keys.subList(from, Math.min(keys.size(), from + 500)));
            removed += unlinked == null ? 0 : unlinked;
        }
        return removed;
    }

    private void put(Slot slot, String generation, long readIn, String answer) {
        if (epoch.get() != readIn) {
            return;
        }
        try {
            redis.execute(PUT_IF_SAME_GENERATION, List.of(slot.generationKey(), slot.answerKey()),
                    generation, answer, Long.toString(ttl.toMillis()), slot.question());
        } catch (RuntimeException e) {
            failed("write of " + slot.answerKey(), e);
        }
    }

    /** The answer written as the cache holds it: what a reader bypassing the cache gets is the same, byte for byte. */
    public <T> CachedJson<T> asJson(T answer) {
        return new CachedJson<>(write(answer));
    }

    private String write(Object answer) {
        try {
            return json.writeValueAsString(answer);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an answer could not be written as JSON", e);
        }
    }

    private boolean available() {
        if (healthy.get()) {
            return true;
        }
        if (clock.instant().isBefore(retryAt) || !recovering.compareAndSet(false, true)) {
            return false;
        }
        try {
            long flushedIn = epoch.get();
            long removed = flush();
            if (epoch.get() != flushedIn) {
                return false; // the masters changed during the flush: flush again
            }
            healthy.set(true);
            log.info("Redis answers again; flushed {} cached answers that may have missed invalidations", removed);
            return true;
        } catch (RuntimeException e) {
            failed("recovery flush", e);
            return false;
        } finally {
            recovering.set(false);
        }
    }

    /**
     * A replica promoted by a failover holds what its master had sent it, which may lack the last generation increments
     * the master acknowledged (replication is asynchronous): answers those increments retired would be served again.
     * So a change of masters is handled like a failure: answers come from DynamoDB until a flush, at the next contact.
     * Lettuce reports the change on another thread as it switches to the new masters: a read in between can still see
     * an old answer, until the flush.
     */
    private void mastersReplaced() {
        epoch.incrementAndGet();
        retryAt = clock.instant();
        if (healthy.getAndSet(false)) {
            log.warn("Redis Cluster's masters changed; answering from DynamoDB until the cache is flushed");
        }
    }

    @Override
    public void close() {
        mastersWatch.dispose();
    }

    private void failed(String what, Exception e) {
        epoch.incrementAndGet();
        failures.increment();
        retryAt = clock.instant().plus(BACK_OFF);
        if (healthy.getAndSet(false)) {
            log.warn("cache {} failed; answering from DynamoDB until Redis is back: {}", what, e.getMessage());
        }
    }
}
