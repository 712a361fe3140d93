package dev.pagila.local;

import dev.pagila.infra.local.LocalStackException;
import dev.pagila.infra.local.Ports;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What the local launcher tells a user who asks for something it cannot do: one line, naming the way out. */
class LocalPlatformOptionsTest {

    @TempDir
    Path project;

    @Test
    void readsEveryOption() {
        LocalPlatformOptions options = LocalPlatformOptions.parse(new String[] {"--data-dir=/var/pagila", "--wipe",
                "--no-sample", "--command-port=9080", "--query-port=9081", "--postgres-port=25432", "--redis-port=26379",
                "--dynamodb-port=28000", "--read-model-on-disk"}, project);

        assertThat(options.dataDirectory()).isEqualTo(Path.of("/var/pagila"));
        assertThat(options.readModelOnDisk()).isTrue();
        assertThat(options.wipe()).isTrue();
        assertThat(options.sample()).isFalse();
        assertThat(options.endpoints().jdbcUrl()).isEqualTo("jdbc:postgresql://localhost:25432/pagila");
        assertThat(options.endpoints().redisUrl()).isEqualTo("redis://127.0.0.1:26379");
        assertThat(options).extracting(LocalPlatformOptions::commandPort, LocalPlatformOptions::queryPort)
                .containsExactly(9080, 9081);
    }

    @Test
    void defaultsToThePortsTheAppsExpectAndImportsTheSample() {
        LocalPlatformOptions options = LocalPlatformOptions.parse(new String[0], project);

        assertThat(options).extracting(LocalPlatformOptions::commandPort, LocalPlatformOptions::queryPort,
                LocalPlatformOptions::postgresPort, LocalPlatformOptions::redisPort, LocalPlatformOptions::dynamoDbPort,
                LocalPlatformOptions::sample, LocalPlatformOptions::readModelOnDisk)
                .containsExactly(8080, 8081, 15432, 16379, 18000, true, false);
        assertThat(options.dataDirectory()).isEqualTo(project.resolve(".local-data"));
    }

    @Test
    void refusesAnUnknownOptionWithTheUsage() {
        assertThatThrownBy(() -> LocalPlatformOptions.parse(new String[] {"--colour"}, project))
                .isInstanceOf(LocalStackException.class)
                .hasMessageContaining("unknown option --colour")
                .hasMessageContaining("--data-dir");
    }

    @Test
    void refusesAPortThatIsNotANumber() {
        assertThatThrownBy(() -> LocalPlatformOptions.parse(new String[] {"--query-port=eighty"}, project))
                .hasMessage("--query-port must be a port number between 1 and 65535, got 'eighty'");
    }

    @Test
    void aPortInUseIsOneClearMessageNamingTheOptionAndNothingStarts() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), Ports.anyFree()));
            LocalPlatformOptions options = LocalPlatformOptions.defaults(project)
                    .withDataDirectory(project.resolve("data"))
                    .withPorts(taken.getLocalPort(), Ports.anyFree(), Ports.anyFree(), Ports.anyFree(), Ports.anyFree());

            assertThatThrownBy(() -> LocalPlatform.start(options, message -> { }))
                    .isInstanceOf(LocalStackException.class)
                    .hasMessage("port " + taken.getLocalPort() + " (command API) is already in use: stop what holds it,"
                            + " or pick another with --command-port=<port>");
            assertThat(project.resolve("data")).doesNotExist();
        }
    }
}
