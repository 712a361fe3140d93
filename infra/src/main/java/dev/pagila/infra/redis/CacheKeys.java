package dev.pagila.infra.redis;

/** Redis key conventions. Every key lives under one prefix so an operator can scan or flush just the cache. */
public final class CacheKeys {

    public static final String PREFIX = "pagila:";

    private CacheKeys() {
    }

    public static String film(int filmId) {
        return PREFIX + "film:" + filmId;
    }
}
