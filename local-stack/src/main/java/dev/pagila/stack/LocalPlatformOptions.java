package dev.pagila.stack;

import dev.pagila.infra.dynamodb.FilmsTable;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.file.Path;

/**
 * How to run the local platform. The defaults are the ports the apps' default configuration expects,
 * so either app can also be started alone (from an IDE) against a running local stack.
 *
 * @param bindAddress where the two APIs listen: loopback unless asked otherwise. The stores always listen on loopback
 *                    only, as only the apps and the tools on this machine use them.
 * @param instances   how many instances of each app: more than one runs them behind HAProxy on the two API ports, and
 *                    the cache on a Redis Cluster
 */
public record LocalPlatformOptions(Path dataDirectory, boolean wipe, boolean sample, boolean readModelOnDisk, boolean followLegacy, int commandPort,
                            int queryPort, int postgresPort, int redisPort, int dynamoDbPort, Path commandJar, Path queryJar,
                            boolean warmUp, InetAddress bindAddress, int instances) {

    /** IPv4's loopback, the address Java's clients try first for {@code localhost}. */
    public static final InetAddress LOOPBACK = loopback();

    public static LocalPlatformOptions defaults(Path projectDirectory) {
        return new LocalPlatformOptions(projectDirectory.resolve(".local-data"), false, true, true, false, 8080, 8081, 15432, 16379, 18000,
                executableJar(projectDirectory, "command-side"), executableJar(projectDirectory, "query-side"), true,
                LOOPBACK, 1);
    }

    /**
     * The host in the APIs' URLs, the tokens' issuer among them: {@code localhost} when they listen on loopback or on
     * every interface, as the apps' own defaults expect, else the address they listen on.
     */
    public String apiHost() {
        if (bindAddress.isLoopbackAddress() || bindAddress.isAnyLocalAddress()) {
            return "localhost";
        }
        return bindAddress instanceof Inet6Address ? "[" + bindAddress.getHostAddress() + "]" : bindAddress.getHostAddress();
    }

    public StackEndpoints endpoints() {
        return new StackEndpoints(postgresPort, "pagila", redisPort, dynamoDbPort, FilmsTable.DEFAULT_NAME);
    }

    public LocalPlatformOptions withDataDirectory(Path directory) {
        return new LocalPlatformOptions(directory, wipe, sample, readModelOnDisk, followLegacy, commandPort, queryPort, postgresPort, redisPort, dynamoDbPort,
                commandJar, queryJar, warmUp, bindAddress, instances);
    }

    public LocalPlatformOptions withWipe() {
        return new LocalPlatformOptions(dataDirectory, true, sample, readModelOnDisk, followLegacy, commandPort, queryPort, postgresPort, redisPort, dynamoDbPort,
                commandJar, queryJar, warmUp, bindAddress, instances);
    }

    public LocalPlatformOptions withoutSample() {
        return new LocalPlatformOptions(dataDirectory, wipe, false, readModelOnDisk, followLegacy, commandPort, queryPort, postgresPort, redisPort,
                dynamoDbPort, commandJar, queryJar, warmUp, bindAddress, instances);
    }

    /** The read model in DynamoDB Local's memory: gone with the process, filled again from the events on every start. */
    public LocalPlatformOptions withReadModelInMemory() {
        return new LocalPlatformOptions(dataDirectory, wipe, sample, false, followLegacy, commandPort, queryPort, postgresPort, redisPort,
                dynamoDbPort, commandJar, queryJar, warmUp, bindAddress, instances);
    }

    public LocalPlatformOptions withFollowLegacy() {
        return new LocalPlatformOptions(dataDirectory, wipe, sample, readModelOnDisk, true, commandPort, queryPort, postgresPort,
                redisPort, dynamoDbPort, commandJar, queryJar, warmUp, bindAddress, instances);
    }

    public LocalPlatformOptions withPorts(int command, int query, int postgres, int redis, int dynamoDb) {
        return new LocalPlatformOptions(dataDirectory, wipe, sample, readModelOnDisk, followLegacy, command, query, postgres, redis, dynamoDb, commandJar, queryJar, warmUp, bindAddress, instances);
    }

    /**
     * The query side reports itself ready as soon as it has started, without filling the cache and compiling its
     * request path first: for tests that restart it often and measure nothing.
     */
    public LocalPlatformOptions withoutWarmUp() {
        return new LocalPlatformOptions(dataDirectory, wipe, sample, readModelOnDisk, followLegacy, commandPort, queryPort, postgresPort,
                redisPort, dynamoDbPort, commandJar, queryJar, false, bindAddress, instances);
    }

    /** Where the two APIs listen ({@code 0.0.0.0}: every interface, to be reached from other machines). */
    public LocalPlatformOptions withBindAddress(InetAddress address) {
        return new LocalPlatformOptions(dataDirectory, wipe, sample, readModelOnDisk, followLegacy, commandPort, queryPort, postgresPort,
                redisPort, dynamoDbPort, commandJar, queryJar, warmUp, address, instances);
    }

    /** {@code count} instances of each app behind a load balancer, the cache on a Redis Cluster (more than one). */
    public LocalPlatformOptions withInstances(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("instances must be at least 1, got " + count);
        }
        return new LocalPlatformOptions(dataDirectory, wipe, sample, readModelOnDisk, followLegacy, commandPort, queryPort, postgresPort,
                redisPort, dynamoDbPort, commandJar, queryJar, warmUp, bindAddress, count);
    }

    public boolean clustered() {
        return instances > 1;
    }

    private static InetAddress loopback() {
        try {
            return InetAddress.getByAddress("localhost", new byte[] {127, 0, 0, 1});
        } catch (java.net.UnknownHostException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    private static Path executableJar(Path projectDirectory, String module) {
        return projectDirectory.resolve(module).resolve("target").resolve(module + "-exec.jar");
    }
}
