package dev.pagila.query.cache;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.DefaultRedisScript;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Redis in front of DynamoDB. Every entry carries the event-stream position of the answer it holds, and a
 * write only lands if it is newer than what is there. Projections invalidate an entry after their DynamoDB
 * write by leaving the position just below theirs and no answer: the next reader fills it from DynamoDB,
 * and a reader that fetched an answer before the projection's write can never put that older answer back. Redis is an accelerator, never a dependency: when it
 * fails, reads miss and writes are skipped, and queries answer from DynamoDB.
 */
@Component
public class VersionedCache {

    private static final Logger log = LoggerFactory.getLogger(VersionedCache.class);

    private static final RedisScript<Long> PUT_IF_NEWER = new DefaultRedisScript<>("""
            local current = redis.call('HGET', KEYS[1], 'v')
            if current and tonumber(current) >= tonumber(ARGV[1]) then
              return 0
            end
            redis.call('HSET', KEYS[1], 'v', ARGV[1], 'body', ARGV[2])
            redis.call('PEXPIRE', KEYS[1], ARGV[3])
            return 1
            """, Long.class);

    private static final RedisScript<Long> INVALIDATE_BELOW = new DefaultRedisScript<>("""
            local current = redis.call('HGET', KEYS[1], 'v')
            if current and tonumber(current) >= tonumber(ARGV[1]) then
              return 0
            end
            redis.call('HSET', KEYS[1], 'v', tonumber(ARGV[1]) - 1)
            redis.call('HDEL', KEYS[1], 'body')
            redis.call('PEXPIRE', KEYS[1], ARGV[2])
            return 1
            """, Long.class);

    private final StringRedisTemplate redis;
    private final ObjectMapper json;
    private final Counter hits;
    private final Counter misses;
    private final Counter failures;

    public VersionedCache(StringRedisTemplate redis, ObjectMapper json, MeterRegistry meters) {
        this.redis = redis;
        this.json = json;
        this.hits = Counter.builder("pagila.cache.requests").tag("result", "hit").register(meters);
        this.misses = Counter.builder("pagila.cache.requests").tag("result", "miss").register(meters);
        this.failures = Counter.builder("pagila.cache.failures").register(meters);
    }

    public <T> Optional<T> get(String key, Class<T> type) {
        try {
            List<Object> fields = redis.opsForHash().multiGet(key, List.of("v", "body"));
            Object body = fields.get(1);
            if (body == null) {
                misses.increment();
                return Optional.empty();
            }
            hits.increment();
            return Optional.of(json.readValue(body.toString(), type));
        } catch (RuntimeException | JsonProcessingException e) {
            failures.increment();
            misses.increment();
            log.warn("cache read of {} failed, answering from DynamoDB: {}", key, e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * Drops the cached answer because an event at {@code position} changed it: only answers read at that
     * position or later may be cached from now on.
     */
    public void invalidate(String key, long position, Duration ttl) {
        try {
            // an entry already at this position or later includes the change; anything older goes
            redis.execute(INVALIDATE_BELOW, List.of(key), Long.toString(position), Long.toString(ttl.toMillis()));
        } catch (RuntimeException e) {
            failures.increment();
            log.warn("cache invalidation of {} failed; its entry expires within the cache TTL: {}", key, e.getMessage());
        }
    }

    /** @return whether the value was stored (false when the cache already holds a newer or equal position) */
    public boolean putIfNewer(String key, long position, Object value, Duration ttl) {
        try {
            Long stored = redis.execute(PUT_IF_NEWER, List.of(key),
                    Long.toString(position), json.writeValueAsString(value), Long.toString(ttl.toMillis()));
            return stored != null && stored == 1L;
        } catch (RuntimeException | JsonProcessingException e) {
            failures.increment();
            log.warn("cache write of {} failed, leaving it to the next read: {}", key, e.getMessage());
            return false;
        }
    }
}
