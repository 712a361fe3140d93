package dev.pagila.stack;

import dev.pagila.infra.dynamodb.DynamoDbClients;
import dev.pagila.infra.dynamodb.DynamoDbSettings;
import dev.pagila.infra.dynamodb.FilmsTable;
import dev.pagila.infra.postgres.DatabaseRoles;
import dev.pagila.infra.postgres.EventStoreMigrations;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import javax.sql.DataSource;
import java.nio.file.Path;

/**
 * The three stores of a local run, ready for the apps: PostgreSQL migrated (schemas, roles, event and token
 * tables), Redis up, the DynamoDB {@code Films} table created with its indexes. Data lives under one
 * directory; DynamoDB keeps its tables in memory when no directory is given.
 */
public final class EmbeddedStack implements AutoCloseable {

    /** Any key pair works with DynamoDB Local; the same one keeps every world's configuration alike. */
    public static final String LOCAL_ACCESS_KEY = "local";
    public static final String LOCAL_SECRET_KEY = "local";
    public static final String LOCAL_REGION = "eu-west-2";

    private final StackEndpoints endpoints;
    private final DatabaseRoles roles;
    private EmbeddedPostgresServer postgres;
    private EmbeddedRedisServer redis;
    private EmbeddedRedisCluster redisCluster;
    private EmbeddedDynamoDb dynamoDb;
    private boolean readModelCreated;

    private EmbeddedStack(StackEndpoints endpoints, DatabaseRoles roles) {
        this.endpoints = endpoints;
        this.roles = roles;
    }

    public static EmbeddedStack start(StackEndpoints endpoints, Path dataDirectory, boolean persistDynamoDb) {
        return start(endpoints, dataDirectory, persistDynamoDb, false);
    }

    /** @param redisCluster a Redis Cluster of {@link EmbeddedRedisCluster#NODES} nodes on consecutive ports from the Redis port rather than one Redis */
    public static EmbeddedStack start(StackEndpoints endpoints, Path dataDirectory, boolean persistDynamoDb, boolean redisCluster) {
        EmbeddedStack stack = new EmbeddedStack(endpoints, DatabaseRoles.localDefaults());
        try {
            stack.postgres = EmbeddedPostgresServer.start(endpoints.postgresPort(), dataDirectory.resolve("postgres"),
                    endpoints.database());
            EventStoreMigrations.migrate(stack.postgres.adminDataSource(), stack.roles);
            if (redisCluster) {
                stack.redisCluster = EmbeddedRedisCluster.start(endpoints.redisPort(), dataDirectory.resolve("redis-cluster"));
            } else {
                stack.redis = EmbeddedRedisServer.start(endpoints.redisPort());
            }
            stack.dynamoDb = EmbeddedDynamoDb.start(endpoints.dynamoDbPort(),
                    persistDynamoDb ? dataDirectory.resolve("dynamodb") : null);
            try (DynamoDbClient client = DynamoDbClients.create(stack.dynamoDbSettings())) {
                stack.readModelCreated = FilmsTable.createIfMissing(client, endpoints.filmsTable());
            }
            return stack;
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
    }

    /** Whether the Films table did not exist and was created empty by this start (always so in memory). */
    public boolean readModelCreated() {
        return readModelCreated;
    }

    public StackEndpoints endpoints() {
        return endpoints;
    }

    public DatabaseRoles roles() {
        return roles;
    }

    public DataSource adminDataSource() {
        return postgres.adminDataSource();
    }

    /** Another database on the same PostgreSQL (the legacy Pagila database, say), as its superuser. */
    public DataSource database(String name) {
        return postgres.database(name);
    }

    public DynamoDbSettings dynamoDbSettings() {
        return new DynamoDbSettings(endpoints.dynamoDbEndpoint(), LOCAL_REGION, LOCAL_ACCESS_KEY, LOCAL_SECRET_KEY,
                endpoints.filmsTable());
    }

    /** Stops PostgreSQL alone, leaving the read stores up (to show queries never need it). */
    public void stopPostgres() {
        if (postgres != null) {
            postgres.close();
            postgres = null;
        }
    }

    /** The Redis Cluster's nodes as {@code host:port}; empty with a single Redis. */
    public java.util.List<String> redisClusterNodes() {
        return redisCluster == null ? java.util.List.of() : redisCluster.nodes();
    }

    /** The Redis Cluster, to kill a master of: only when the stack was started with one. */
    public EmbeddedRedisCluster redisCluster() {
        if (redisCluster == null) {
            throw new IllegalStateException("this stack runs a single Redis, not a cluster");
        }
        return redisCluster;
    }

    public void stopRedis() {
        if (redis != null) {
            redis.close();
            redis = null;
        }
    }

    /** Starts Redis again on its port, empty, after {@link #stopRedis()}. */
    public void startRedis() {
        if (redis == null) {
            redis = EmbeddedRedisServer.start(endpoints.redisPort());
        }
    }

    @Override
    public void close() {
        RuntimeException failure = null;
        for (AutoCloseable store : new AutoCloseable[] {dynamoDb, redis, redisCluster, postgres}) {
            if (store == null) {
                continue;
            }
            try {
                store.close();
            } catch (Exception e) {
                failure = failure == null ? new LocalStackException("stopping the local stack: " + e.getMessage(), e) : failure;
            }
        }
        dynamoDb = null;
        redis = null;
        redisCluster = null;
        postgres = null;
        if (failure != null) {
            throw failure;
        }
    }
}
