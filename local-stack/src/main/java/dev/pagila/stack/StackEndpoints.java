package dev.pagila.stack;

import java.net.URI;

/** Where the local stores listen: on loopback only. */
public record StackEndpoints(int postgresPort, String database, int redisPort, int dynamoDbPort, String filmsTable) {

    public String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + postgresPort + "/" + database;
    }

    public String redisUrl() {
        return "redis://127.0.0.1:" + redisPort;
    }

    public URI dynamoDbEndpoint() {
        return URI.create("http://" + EmbeddedDynamoDb.LISTEN_ADDRESS + ":" + dynamoDbPort);
    }
}
