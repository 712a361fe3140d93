package dev.pagila.infra.redis;

/**
 * Redis key conventions. Every key lives under one prefix so an operator can scan or flush just the cache.
 * A cached answer belongs to a generation key; projections bump the generation when the answer's data
 * changes, which retires every answer cached under an older generation.
 */
public final class CacheKeys {

    public static final String PREFIX = "pagila:";

    /** Film lists, actors with their films, films by actor or category. */
    public static final String CATALOG = "catalog";
    /** Sales reports and the rewards report. */
    public static final String SALES = "sales";
    /** Customer, staff and store lists. */
    public static final String PEOPLE = "people";

    private CacheKeys() {
    }

    public static String film(int filmId) {
        return PREFIX + "film:" + filmId;
    }

    /** A film's copies in or out of stock at a store, retired with the film's detail. */
    public static String filmStock(int filmId, int storeId, boolean inStock) {
        return film(filmId) + (inStock ? ":in-stock:" : ":not-in-stock:") + storeId;
    }

    /** A customer's account, from which their balance at any instant is computed. */
    public static String account(int customerId) {
        return PREFIX + "account:" + customerId;
    }

    public static String generationOf(String family) {
        return PREFIX + "gen:" + family;
    }

    public static String answer(String family, String question) {
        return PREFIX + family + ":" + question;
    }
}
