package dev.pagila.local.parity;

import dev.pagila.local.session.ApiSession;

import java.time.DateTimeException;
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

    public static final String USAGE = """
            Usage: java -jar local-run/target/local-run-exec.jar parity --legacy-url=<jdbc url> [options]
              --legacy-url=<url>        the legacy Pagila database, as jdbc:postgresql://host:port/db (required)
              --legacy-user=<name>      its user (default postgres)
              --legacy-password=<pw>    its password (default empty)
              --query-url=<url>         the query API (default http://localhost:8081)
              --command-url=<url>       the command API, where the check signs in (default http://localhost:8080)
              --user=<staff username>   who signs in to read customer data and reports (default Mike); the
                                        password comes from PAGILA_PASSWORD, else Pagila's sample password
              --zone=<zone id>          the business time zone (default Europe/London)
              --threads=<n>             concurrent HTTP calls (default 8)
            Exit code: 0 when every answer matches, 1 on any mismatch, 2 on usage errors or unreachable endpoints.
            """;

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

    /** Reads the command line; an {@link IllegalArgumentException} names what is wrong with it. */
    static ParitySettings parse(String[] args) {
        String legacyUrl = null;
        String user = "postgres";
        String password = "";
        String queryUrl = DEFAULT_QUERY_URL;
        String commandUrl = DEFAULT_COMMAND_URL;
        String staff = null;
        ZoneId zone = DEFAULT_ZONE;
        int threads = DEFAULT_THREADS;
        for (String arg : args) {
            int equals = arg.indexOf('=');
            String name = equals < 0 ? arg : arg.substring(0, equals);
            String value = equals < 0 ? null : arg.substring(equals + 1);
            if (value == null) {
                throw new IllegalArgumentException(name + " needs a value, as in " + name + "=<value>");
            }
            switch (name) {
                case "--legacy-url" -> legacyUrl = value;
                case "--legacy-user" -> user = value;
                case "--legacy-password" -> password = value;
                case "--query-url" -> queryUrl = value;
                case "--command-url" -> commandUrl = value;
                case "--user" -> staff = value;
                case "--zone" -> zone = zone(value);
                case "--threads" -> threads = threads(value);
                default -> throw new IllegalArgumentException("unknown option " + arg);
            }
        }
        if (legacyUrl == null || legacyUrl.isBlank()) {
            throw new IllegalArgumentException("--legacy-url is required");
        }
        return new ParitySettings(legacyUrl, user, password, queryUrl, commandUrl, staff, zone, threads, null);
    }

    private static ZoneId zone(String value) {
        try {
            return ZoneId.of(value);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("--zone must be a time zone id such as Europe/London, got '" + value + "'");
        }
    }

    private static int threads(String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--threads must be a number, got '" + value + "'");
        }
    }
}
