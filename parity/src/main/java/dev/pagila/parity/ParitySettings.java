package dev.pagila.parity;

import dev.pagila.client.ApiSession;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Objects;

/**
 * What to compare: the legacy Pagila database over JDBC against the query API over HTTP. {@code zone} is the
 * business time zone the query side turns instants into days and months with; {@code threads} bounds the
 * per-id HTTP calls in flight.
 */
public record ParitySettings(String legacyUrl, String legacyUser, String legacyPassword, String queryUrl,
                             String commandUrl, String user, ZoneId zone, int threads, Instant followedSince) {

    public static final String DEFAULT_QUERY_URL = "http://localhost:8081";
    public static final String DEFAULT_COMMAND_URL = "http://localhost:8080";
    public static final ZoneId DEFAULT_ZONE = ZoneId.of("Europe/London");
    public static final int DEFAULT_THREADS = 8;

    public ParitySettings {
        Objects.requireNonNull(legacyUrl, "legacyUrl");
        Objects.requireNonNull(queryUrl, "queryUrl");
        Objects.requireNonNull(zone, "zone");
        commandUrl = commandUrl == null ? DEFAULT_COMMAND_URL : commandUrl.replaceAll("/$", "");
        user = user == null ? ApiSession.SAMPLE_STAFF : user;
        legacyUser = legacyUser == null ? "postgres" : legacyUser;
        legacyPassword = legacyPassword == null ? "" : legacyPassword;
        // paths are appended to it, so one trailing slash would double up
        queryUrl = queryUrl.endsWith("/") ? queryUrl.substring(0, queryUrl.length() - 1) : queryUrl;
        if (!legacyUrl.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("--legacy-url must be a PostgreSQL JDBC URL (jdbc:postgresql://host:port/db), got '"
                    + legacyUrl + "'");
        }
        if (!queryUrl.startsWith("http://") && !queryUrl.startsWith("https://")) {
            throw new IllegalArgumentException("--query-url must be an http:// or https:// URL, got '" + queryUrl + "'");
        }
        if (threads < 1) {
            throw new IllegalArgumentException("--threads must be at least 1, got " + threads);
        }
    }

    /** The defaults for everything but where the two sides are. */
    public static ParitySettings of(String legacyUrl, String queryUrl, String commandUrl) {
        return new ParitySettings(legacyUrl, "postgres", "", queryUrl, commandUrl, null, DEFAULT_ZONE, DEFAULT_THREADS, null);
    }

    /**
     * Checks a platform that has followed the legacy database since {@code snapshotAt}, when the import's snapshot was taken: a film the monolith changed
     * after that may have been repriced after some of its rentals, whose rate at rental the legacy database no
     * longer knows (see {@code CustomerChecks}).
     */
    public ParitySettings followedSince(Instant snapshotAt) {
        return new ParitySettings(legacyUrl, legacyUser, legacyPassword, queryUrl, commandUrl, user, zone, threads, snapshotAt);
    }
}
