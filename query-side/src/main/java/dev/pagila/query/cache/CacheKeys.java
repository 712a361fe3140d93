package dev.pagila.query.cache;

/**
 * Redis key conventions. Every key lives under one prefix so an operator can scan or flush just the cache.
 * A cached answer belongs to a generation key; projections bump the generation when the answer's data
 * changes, which retires every answer cached under an older generation.
 * <p>
 * A generation key and every answer it retires share a hash tag, the part in braces ({@code pagila:{film:12}:gen},
 * {@code pagila:{film:12}}, {@code pagila:{film:12}:in-stock:1}; {@code pagila:{catalog}:gen} and
 * {@code pagila:{catalog}:<place>}): Redis Cluster hashes only the tag, so they live in one hash slot, and the cache's
 * scripts, which read a generation and an answer together, run there (a cluster refuses a script whose keys span
 * slots). A family's answers are therefore all on one master; answers per film or per customer spread over all of
 * them.
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
        return tagged("film:" + filmId);
    }

    /** A film's copies in or out of stock at a store, retired with the film's detail. */
    public static String filmStock(int filmId, int storeId, boolean inStock) {
        return film(filmId) + (inStock ? ":in-stock:" : ":not-in-stock:") + storeId;
    }

    /** A customer's account, from which their balance at any instant is computed. */
    public static String account(int customerId) {
        return tagged("account:" + customerId);
    }

    public static String generationOf(String family) {
        return tagged(family) + ":gen";
    }

    /** The prefix of every key of {@code family}: its generation and its answers. */
    public static String tagged(String family) {
        return PREFIX + "{" + family + "}";
    }

    /**
     * How many answers one family keeps at most. Questions carry filters, prefixes and cursors a client makes up, so
     * each is stored in one of a fixed set of places (by its hash), with the question beside the answer: a question
     * that lands on another's place replaces it, and Redis holds a bounded number of answers whatever clients ask.
     */
    public static final int ANSWERS_PER_FAMILY = 1024;

    /** Where the answer to {@code question} is kept: one of {@link #ANSWERS_PER_FAMILY} places of its family. */
    public static String answer(String family, String question) {
        return tagged(family) + ":" + Math.floorMod(spread(question.hashCode()), ANSWERS_PER_FAMILY);
    }

    /** Murmur3's finalizer: questions that differ in a digit have hash codes that differ in a few low bits only. */
    private static int spread(int hash) {
        int mixed = (hash ^ (hash >>> 16)) * 0x85ebca6b;
        mixed = (mixed ^ (mixed >>> 13)) * 0xc2b2ae35;
        return mixed ^ (mixed >>> 16);
    }
}
