package dev.pagila.stack;

import redis.embedded.RedisServer;

import java.io.IOException;

/** A real redis-server, bound to loopback only. It holds a cache, so it keeps nothing on disk. */
public final class EmbeddedRedisServer implements AutoCloseable {

    private final RedisServer redis;

    private EmbeddedRedisServer(RedisServer redis) {
        this.redis = redis;
    }

    public static EmbeddedRedisServer start(int port) {
        try {
            RedisServer redis = RedisServer.newRedisServer()
                    .bind("127.0.0.1")
                    .port(port)
                    .setting("save \"\"")
                    .setting("appendonly no")
                    .setting("maxmemory 256mb")
                    .setting("maxmemory-policy volatile-lru") // answers expire; generations must never be evicted
                    .build();
            redis.start();
            return new EmbeddedRedisServer(redis);
        } catch (IOException e) {
            throw new LocalStackException("Redis did not start on port " + port + ": " + e.getMessage(), e);
        }
    }

    public boolean isActive() {
        return redis.isActive();
    }

    @Override
    public void close() {
        try {
            redis.stop();
        } catch (IOException e) {
            throw new LocalStackException("Redis did not stop cleanly: " + e.getMessage(), e);
        }
    }
}
