package dev.pagila.query;

import dev.pagila.infra.dynamodb.DynamoDbSettings;
import dev.pagila.query.table.ReadModelTable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.net.URI;
import java.time.Duration;
import java.time.ZoneId;

/**
 * Everything the query side needs to know about its read stores and consistency waits.
 *
 * @param dynamodb where the Films table is (endpoint only for DynamoDB Local or LocalStack)
 * @param cache    how long a cached answer may live without being refreshed by a projection
 * @param reads    how long a read that asks for a position may wait for the projections to reach it
 * @param business the zone business dates are decided in (a payment's month, a rental's late days)
 * @param projections how hard a failing projection retries before dead-lettering
 * @param warmUp   how long a start asks itself the hot questions before it reports itself ready
 * @param security how long the command side's JWK set is cached (it publishes a new key for longer before signing
 *                 with it: {@code pagila.security.keys.publish-before-use} there)
 * @param instance this instance's name among the query side's instances, and how they share the projections' segments
 */
@ConfigurationProperties("pagila")
public record QuerySideProperties(DynamoDb dynamodb, @DefaultValue Cache cache, @DefaultValue Reads reads,
                                  @DefaultValue Business business,
                                  @DefaultValue Projections projections, @DefaultValue WarmUp warmUp,
                                  @DefaultValue Security security, @DefaultValue Instance instance) {

    /** Unset region and table take {@link DynamoDbSettings}' defaults, the one place they are spelled. */
    public record DynamoDb(URI endpoint, String region, String accessKeyId, String secretAccessKey, String table) {

        public DynamoDbSettings settings() {
            return new DynamoDbSettings(endpoint, region, accessKeyId, secretAccessKey, table);
        }
    }

    public record Cache(@DefaultValue("1h") Duration ttl) {
    }

    /**
     * @param attempts how many times an event is handed to a projection before it is dead-lettered
     * @param backoff  the wait before the second attempt, doubled before each further one
     */
    public record Projections(@DefaultValue("4") int attempts, @DefaultValue("200ms") Duration backoff,
                              @DefaultValue Bulk bulk) {
    }

    /**
     * How a bulk fill (a first start, a blue/green rebuild) writes.
     *
     * @param maxItemsHeld     items a group keeps in memory before it writes them out early (a history larger than
     *                         the heap is filled in chunks; an item touched after its chunk is read back)
     * @param parallelRequests requests in flight while writing out
     * @param requests         {@code batch-write} (the cheapest on DynamoDB), or {@code transact-write} where each request
     *                         costs a commit to disk (DynamoDB Local on disk)
     */
    public record Bulk(@DefaultValue("50000") int maxItemsHeld, @DefaultValue("4") int parallelRequests,
                       @DefaultValue("batch-write") ReadModelTable.BulkRequests requests) {
    }

    /**
     * @param enabled  false: ready as soon as started, the cache filled by the questions clients ask
     * @param duration the longest the hot questions are asked, while the JIT keeps compiling for them (zero: the cache is
     *                 filled, nothing more)
     * @param clients  how many ask at once
     */
    public record WarmUp(@DefaultValue("true") boolean enabled, @DefaultValue("20s") Duration duration, @DefaultValue("4") int clients) {
    }

    public record Security(@DefaultValue("5m") Duration jwkSetCache) {
    }

    public record Business(@DefaultValue("Europe/London") ZoneId zone) {
    }

    /**
     * @param defaultWait      how long a {@code minPosition} read waits when it does not say
     * @param maxWait          the longest a signed-in caller may wait
     * @param anonymousMaxWait the longest a caller without a token may wait: anyone can ask, and a wait holds a thread
     * @param anonymousWaits   how many callers without a token may wait at once; more are answered 503 at once
     */
    public record Reads(@DefaultValue("5s") Duration defaultWait, @DefaultValue("30s") Duration maxWait,
                        @DefaultValue("1s") Duration anonymousMaxWait, @DefaultValue("16") int anonymousWaits) {
    }

    /**
     * @param name      the owner of this instance's segment claims in the token store, shown by {@code admin status}; unique
     *                  among the instances (blank: {@code <pid>@<host>}, Axon's own default)
     * @param heartbeat how often the instance says it is alive and evens out the segments with the others
     * @param deadAfter an instance not heard of for this long no longer counts when the segments are shared out
     */
    public record Instance(String name, @DefaultValue("2s") Duration heartbeat, @DefaultValue("8s") Duration deadAfter) {

        public String nameOrDefault() {
            return name == null || name.isBlank() ? java.lang.management.ManagementFactory.getRuntimeMXBean().getName() : name;
        }
    }
}
