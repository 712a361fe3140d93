package dev.pagila.local;

import dev.pagila.infra.dynamodb.FilmsTable;
import dev.pagila.infra.local.LocalStackException;
import dev.pagila.infra.local.StackEndpoints;

import java.nio.file.Path;

/**
 * How to run the local platform. The defaults are the ports the apps' default configuration expects,
 * so either app can also be started alone (from an IDE) against a running local stack.
 */
record LocalPlatformOptions(Path dataDirectory, boolean wipe, boolean sample, boolean readModelOnDisk, boolean followLegacy, int commandPort,
                            int queryPort, int postgresPort, int redisPort, int dynamoDbPort, Path commandJar, Path queryJar) {

    static final String USAGE = """
            Usage: run-local [options]
              --data-dir=<dir>       where PostgreSQL keeps the events (default .local-data); the read model
                                     lives in memory and is rebuilt from the events on every start
              --read-model-on-disk   keep the read model in the data directory too, so a restart projects
                                     only new events (DynamoDB Local on disk writes several times slower)
              --wipe                 delete the data directory first and start from nothing
              --no-sample            do not import the Pagila sample into an empty event store
              --follow-legacy        a live migration: import the sample from a replication slot's snapshot and
                                     keep following pagila_legacy (change it with psql) until
                                     'local-run-exec.jar migrate cut-over'; commands answer 409 until then.
                                     Needs an empty event store on first use (with --wipe)
              --command-port=<port>  command API (default 8080)
              --query-port=<port>    query API (default 8081)
              --postgres-port=<port> embedded PostgreSQL (default 15432)
              --redis-port=<port>    embedded Redis, loopback only (default 16379)
              --dynamodb-port=<port> DynamoDB Local (default 18000)
              --help                 this text
            """;

    static LocalPlatformOptions parse(String[] args, Path projectDirectory) {
        LocalPlatformOptions options = defaults(projectDirectory);
        for (String arg : args) {
            String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            String value = arg.contains("=") ? arg.substring(arg.indexOf('=') + 1) : null;
            options = switch (name) {
                case "--data-dir" -> options.withDataDirectory(Path.of(required(name, value)));
                case "--wipe" -> options.withWipe();
                case "--no-sample" -> options.withoutSample();
                case "--read-model-on-disk" -> options.withReadModelOnDisk();
                case "--follow-legacy" -> options.withFollowLegacy();
                case "--command-port" -> options.withPorts(port(name, value), options.queryPort, options.postgresPort,
                        options.redisPort, options.dynamoDbPort);
                case "--query-port" -> options.withPorts(options.commandPort, port(name, value), options.postgresPort,
                        options.redisPort, options.dynamoDbPort);
                case "--postgres-port" -> options.withPorts(options.commandPort, options.queryPort, port(name, value),
                        options.redisPort, options.dynamoDbPort);
                case "--redis-port" -> options.withPorts(options.commandPort, options.queryPort, options.postgresPort,
                        port(name, value), options.dynamoDbPort);
                case "--dynamodb-port" -> options.withPorts(options.commandPort, options.queryPort, options.postgresPort,
                        options.redisPort, port(name, value));
                default -> throw new LocalStackException("unknown option " + arg + "\n" + USAGE);
            };
        }
        return options;
    }

    static LocalPlatformOptions defaults(Path projectDirectory) {
        return new LocalPlatformOptions(projectDirectory.resolve(".local-data"), false, true, false, false, 8080, 8081, 15432, 16379, 18000,
                executableJar(projectDirectory, "command-side"), executableJar(projectDirectory, "query-side"));
    }

    StackEndpoints endpoints() {
        return new StackEndpoints(postgresPort, "pagila", redisPort, dynamoDbPort, FilmsTable.DEFAULT_NAME);
    }

    LocalPlatformOptions withDataDirectory(Path directory) {
        return new LocalPlatformOptions(directory, wipe, sample, readModelOnDisk, followLegacy, commandPort, queryPort, postgresPort, redisPort, dynamoDbPort,
                commandJar, queryJar);
    }

    LocalPlatformOptions withWipe() {
        return new LocalPlatformOptions(dataDirectory, true, sample, readModelOnDisk, followLegacy, commandPort, queryPort, postgresPort, redisPort, dynamoDbPort,
                commandJar, queryJar);
    }

    LocalPlatformOptions withoutSample() {
        return new LocalPlatformOptions(dataDirectory, wipe, false, readModelOnDisk, followLegacy, commandPort, queryPort, postgresPort, redisPort,
                dynamoDbPort, commandJar, queryJar);
    }

    LocalPlatformOptions withReadModelOnDisk() {
        return new LocalPlatformOptions(dataDirectory, wipe, sample, true, followLegacy, commandPort, queryPort, postgresPort, redisPort,
                dynamoDbPort, commandJar, queryJar);
    }

    LocalPlatformOptions withFollowLegacy() {
        return new LocalPlatformOptions(dataDirectory, wipe, sample, readModelOnDisk, true, commandPort, queryPort, postgresPort,
                redisPort, dynamoDbPort, commandJar, queryJar);
    }

    LocalPlatformOptions withPorts(int command, int query, int postgres, int redis, int dynamoDb) {
        return new LocalPlatformOptions(dataDirectory, wipe, sample, readModelOnDisk, followLegacy, command, query, postgres, redis, dynamoDb, commandJar, queryJar);
    }

    private static Path executableJar(Path projectDirectory, String module) {
        return projectDirectory.resolve(module).resolve("target").resolve(module + "-exec.jar");
    }

    private static String required(String name, String value) {
        if (value == null || value.isBlank()) {
            throw new LocalStackException(name + " needs a value, as in " + name + "=<value>");
        }
        return value;
    }

    private static int port(String name, String value) {
        try {
            int port = Integer.parseInt(required(name, value));
            if (port < 1 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new LocalStackException(name + " must be a port number between 1 and 65535, got '" + value + "'");
        }
    }
}
