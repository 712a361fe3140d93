package dev.pagila.stack;

import dev.pagila.infra.dynamodb.FilmsTable;

import java.nio.file.Path;

/**
 * How to run the local platform. The defaults are the ports the apps' default configuration expects,
 * so either app can also be started alone (from an IDE) against a running local stack.
 */
public record LocalPlatformOptions(Path dataDirectory, boolean wipe, boolean sample, boolean readModelOnDisk, boolean followLegacy, int commandPort,
                            int queryPort, int postgresPort, int redisPort, int dynamoDbPort, Path commandJar, Path queryJar,
                            boolean warmUp) {

    public static LocalPlatformOptions defaults(Path projectDirectory) {
        return new LocalPlatformOptions(projectDirectory.resolve(".local-data"), false, true, true, false, 8080, 8081, 15432, 16379, 18000,
                executableJar(projectDirectory, "command-side"), executableJar(projectDirectory, "query-side"), true);
    }

    public StackEndpoints endpoints() {
        return new StackEndpoints(postgresPort, "pagila", redisPort, dynamoDbPort, FilmsTable.DEFAULT_NAME);
    }

    public LocalPlatformOptions withDataDirectory(Path directory) {
        return new LocalPlatformOptions(directory, wipe, sample, readModelOnDisk, followLegacy, commandPort, queryPort, postgresPort, redisPort, dynamoDbPort,
                commandJar, queryJar, warmUp);
    }

    public LocalPlatformOptions withWipe() {
        return new LocalPlatformOptions(dataDirectory, true, sample, readModelOnDisk, followLegacy, commandPort, queryPort, postgresPort, redisPort, dynamoDbPort,
                commandJar, queryJar, warmUp);
    }

    public LocalPlatformOptions withoutSample() {
        return new LocalPlatformOptions(dataDirectory, wipe, false, readModelOnDisk, followLegacy, commandPort, queryPort, postgresPort, redisPort,
                dynamoDbPort, commandJar, queryJar, warmUp);
    }

    /** The read model in DynamoDB Local's memory: gone with the process, filled again from the events on every start. */
    public LocalPlatformOptions withReadModelInMemory() {
        return new LocalPlatformOptions(dataDirectory, wipe, sample, false, followLegacy, commandPort, queryPort, postgresPort, redisPort,
                dynamoDbPort, commandJar, queryJar, warmUp);
    }

    public LocalPlatformOptions withFollowLegacy() {
        return new LocalPlatformOptions(dataDirectory, wipe, sample, readModelOnDisk, true, commandPort, queryPort, postgresPort,
                redisPort, dynamoDbPort, commandJar, queryJar, warmUp);
    }

    public LocalPlatformOptions withPorts(int command, int query, int postgres, int redis, int dynamoDb) {
        return new LocalPlatformOptions(dataDirectory, wipe, sample, readModelOnDisk, followLegacy, command, query, postgres, redis, dynamoDb, commandJar, queryJar, warmUp);
    }

    /**
     * The query side reports itself ready as soon as it has started, without filling the cache and compiling its
     * request path first: for tests that restart it often and measure nothing.
     */
    public LocalPlatformOptions withoutWarmUp() {
        return new LocalPlatformOptions(dataDirectory, wipe, sample, readModelOnDisk, followLegacy, commandPort, queryPort, postgresPort,
                redisPort, dynamoDbPort, commandJar, queryJar, false);
    }

    private static Path executableJar(Path projectDirectory, String module) {
        return projectDirectory.resolve(module).resolve("target").resolve(module + "-exec.jar");
    }
}
