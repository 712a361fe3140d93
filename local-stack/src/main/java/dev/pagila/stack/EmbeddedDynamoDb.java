package dev.pagila.stack;

import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * DynamoDB Local running in this JVM. {@code -sharedDb} gives every client one database whatever its
 * credentials and region, as a real account's table would be shared.
 */
public final class EmbeddedDynamoDb implements AutoCloseable {

    private final DynamoDBProxyServer server;

    private EmbeddedDynamoDb(DynamoDBProxyServer server) {
        this.server = server;
    }

    /** {@code dataDirectory} null keeps the tables in memory. */
    public static EmbeddedDynamoDb start(int port, Path dataDirectory) {
        try {
            String[] args = dataDirectory == null
                    ? new String[] {"-port", String.valueOf(port), "-inMemory", "-sharedDb", "-disableTelemetry"}
                    : new String[] {"-port", String.valueOf(port), "-dbPath", Files.createDirectories(dataDirectory).toString(),
                            "-sharedDb", "-disableTelemetry"};
            DynamoDBProxyServer server = ServerRunner.createServerFromCommandLineArgs(args);
            server.start();
            return new EmbeddedDynamoDb(server);
        } catch (Exception e) {
            throw new LocalStackException("DynamoDB Local did not start on port " + port + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new LocalStackException("DynamoDB Local did not stop cleanly: " + e.getMessage(), e);
        }
    }
}
