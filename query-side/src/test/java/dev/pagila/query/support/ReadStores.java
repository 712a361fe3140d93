package dev.pagila.query.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.pagila.infra.dynamodb.DynamoDbClients;
import dev.pagila.infra.dynamodb.DynamoDbSettings;
import dev.pagila.infra.dynamodb.FilmsTable;
import dev.pagila.stack.EmbeddedDynamoDb;
import dev.pagila.stack.EmbeddedRedisServer;
import dev.pagila.stack.Ports;
import dev.pagila.query.cache.VersionedCache;
import dev.pagila.query.projection.ProjectionWriters;
import dev.pagila.query.table.ReadModelTable;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;

/** Real DynamoDB Local and a real redis-server for the projection tests, on free ports. */
public final class ReadStores implements AutoCloseable {

    public final String table = "Films_test";
    public final DynamoDbClient dynamoDb;
    public final StringRedisTemplate redis;
    public final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final EmbeddedDynamoDb dynamoDbServer;
    private final int redisPort;
    private EmbeddedRedisServer redisServer;
    private final LettuceConnectionFactory redisConnections;

    public ReadStores() {
        int dynamoDbPort = Ports.anyFree();
        dynamoDbServer = EmbeddedDynamoDb.start(dynamoDbPort, null);
        dynamoDb = DynamoDbClients.create(new DynamoDbSettings(URI.create("http://localhost:" + dynamoDbPort),
                "eu-west-2", "test", "test", table));
        FilmsTable.createIfMissing(dynamoDb, table);
        redisPort = Ports.anyFree();
        redisServer = EmbeddedRedisServer.start(redisPort);
        redisConnections = new LettuceConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", redisPort),
                LettuceClientConfiguration.builder().commandTimeout(Duration.ofMillis(500)).build());
        redisConnections.afterPropertiesSet();
        redisConnections.start();
        redis = new StringRedisTemplate(redisConnections);
    }

    public static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule());

    public VersionedCache cache() {
        return new VersionedCache(redis, JSON, meters, Duration.ofMinutes(5), Clock.systemUTC());
    }

    /** The live path's writers, retiring answers from {@code cache}. */
    public ProjectionWriters writers(VersionedCache cache) {
        return ProjectionWriters.live(cache, meters, dev.pagila.query.projection.EventIndexes.FROM_TOKENS);
    }

    public ReadModelTable table() {
        return new ReadModelTable(dynamoDb, table);
    }

    public void stopRedis() {
        redisServer.close();
        redisServer = null;
    }

    public void startRedis() {
        redisServer = EmbeddedRedisServer.start(redisPort);
    }

    @Override
    public void close() {
        redisConnections.destroy();
        if (redisServer != null) {
            redisServer.close();
        }
        dynamoDb.close();
        dynamoDbServer.close();
    }
}
