package dev.pagila.stack;

import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * DynamoDB Local running in this JVM, listening on loopback only. {@code -sharedDb} gives every client one database
 * whatever its credentials and region, as a real account's table would be shared.
 */
public final class EmbeddedDynamoDb implements AutoCloseable {

    static final String LISTEN_ADDRESS = "127.0.0.1";

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
            listenOnLoopbackOnly(server);
            server.start();
            return new EmbeddedDynamoDb(server);
        } catch (Exception e) {
            throw new LocalStackException("DynamoDB Local did not start on port " + port + ": " + e.getMessage(), e);
        }
    }

    /**
     * DynamoDB Local's Jetty listens on every interface, and its command line has no option to change that: its
     * connectors are bound to loopback before it starts. Fails, rather than start open to the network, if the
     * server's insides ever change.
     */
    private static void listenOnLoopbackOnly(DynamoDBProxyServer proxy) throws ReflectiveOperationException {
        Field jetty = DynamoDBProxyServer.class.getDeclaredField("server");
        jetty.setAccessible(true);
        Connector[] connectors = ((Server) jetty.get(proxy)).getConnectors();
        if (connectors.length == 0) {
            throw new IllegalStateException("DynamoDB Local has no connector to bind to " + LISTEN_ADDRESS);
        }
        for (Connector connector : connectors) {
            if (!(connector instanceof ServerConnector network)) {
                throw new IllegalStateException("DynamoDB Local's connector " + connector + " cannot be bound to " + LISTEN_ADDRESS);
            }
            network.setHost(LISTEN_ADDRESS);
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
