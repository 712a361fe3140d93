package dev.pagila.stack;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * The local run is for this machine: each embedded store answers on loopback and on none of the machine's other
 * addresses, and both apps are told to listen on loopback unless the user chooses otherwise.
 */
class LoopbackOnlyTest {

    private static List<InetAddress> otherAddresses;

    @TempDir
    Path data;

    @BeforeAll
    static void addressesOfThisMachineBesideLoopback() throws SocketException {
        otherAddresses = NetworkInterface.networkInterfaces()
                .filter(network -> {
                    try {
                        return network.isUp() && !network.isLoopback();
                    } catch (SocketException e) {
                        return false;
                    }
                })
                .flatMap(NetworkInterface::inetAddresses)
                .filter(address -> !address.isLinkLocalAddress())
                .toList();
    }

    @Test
    void dynamoDbLocalListensOnLoopbackOnly() {
        int port = Ports.anyFree();
        try (EmbeddedDynamoDb ignored = EmbeddedDynamoDb.start(port, null)) {
            assertListensOnLoopbackOnly("DynamoDB Local", port);
        }
    }

    @Test
    void redisListensOnLoopbackOnly() {
        int port = Ports.anyFree();
        try (EmbeddedRedisServer ignored = EmbeddedRedisServer.start(port)) {
            assertListensOnLoopbackOnly("Redis", port);
        }
    }

    @Test
    void postgresListensOnLoopbackOnly() {
        int port = Ports.anyFree();
        try (EmbeddedPostgresServer ignored = EmbeddedPostgresServer.start(port, data.resolve("postgres"), "pagila")) {
            assertListensOnLoopbackOnly("PostgreSQL", port);
        }
    }

    @Test
    void bothAppsAreToldToListenOnLoopbackByDefault() {
        LocalPlatformOptions options = LocalPlatformOptions.defaults(data);

        Map<String, String> environment = AppProcess.processBuilder(options.commandJar(), options.bindAddress(),
                options.commandPort(), Map.of("SPRING_DATASOURCE_URL", "jdbc:postgresql://localhost:15432/pagila")).environment();

        assertThat(environment).containsEntry("SERVER_ADDRESS", "127.0.0.1").containsEntry("SERVER_PORT", "8080")
                .containsEntry("SPRING_DATASOURCE_URL", "jdbc:postgresql://localhost:15432/pagila");
        assertThat(options.apiHost()).as("the apps' own default issuer").isEqualTo("localhost");
    }

    @Test
    void anotherBindAddressIsWhereTheApisAreReached() throws IOException {
        LocalPlatformOptions everywhere = LocalPlatformOptions.defaults(data).withBindAddress(InetAddress.getByName("0.0.0.0"));
        LocalPlatformOptions oneAddress = LocalPlatformOptions.defaults(data).withBindAddress(InetAddress.getByName("198.51.100.7"));

        assertThat(AppProcess.processBuilder(everywhere.queryJar(), everywhere.bindAddress(), 8081, Map.of()).environment())
                .containsEntry("SERVER_ADDRESS", "0.0.0.0");
        assertThat(everywhere.apiHost()).isEqualTo("localhost");
        assertThat(oneAddress.apiHost()).isEqualTo("198.51.100.7");
    }

    private static void assertListensOnLoopbackOnly(String store, int port) {
        assertThat(connects(LocalPlatformOptions.LOOPBACK, port)).as("%s on loopback", store).isTrue();
        assumeFalse(otherAddresses.isEmpty(), "this machine has no address beside loopback");
        for (InetAddress address : otherAddresses) {
            assertThat(connects(address, port)).as("%s on %s", store, address.getHostAddress()).isFalse();
        }
    }

    private static boolean connects(InetAddress address, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), 1000);
            return true;
        } catch (IOException refused) {
            return false;
        }
    }
}
