package dev.pagila.cli;

import dev.pagila.stack.LocalPlatform;
import dev.pagila.stack.LocalPlatformOptions;
import dev.pagila.stack.LocalStackException;
import dev.pagila.stack.Ports;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The one command line: the launcher's options, and what every tool tells a user who asks for something it cannot
 * do (one line, exit code 2, nothing done).
 */
class PagilaCliTest {

    @TempDir
    Path project;

    private final StringWriter err = new StringWriter();
    private final StringWriter out = new StringWriter();

    private int execute(String... args) {
        CommandLine cli = PagilaCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    private LocalPlatformOptions launcher(String... args) {
        PagilaCli.Run run = new PagilaCli.Run();
        new CommandLine(run).parseArgs(args);
        return run.options(project);
    }

    @Test
    void readsEveryLauncherOption() {
        LocalPlatformOptions options = launcher("--data-dir=/var/pagila", "--wipe", "--no-sample", "--command-port=9080",
                "--query-port=9081", "--postgres-port=25432", "--redis-port=26379", "--dynamodb-port=28000",
                "--read-model-in-memory", "--follow-legacy", "--bind-address=0.0.0.0");

        assertThat(options.dataDirectory()).isEqualTo(Path.of("/var/pagila"));
        assertThat(options.readModelOnDisk()).isFalse();
        assertThat(options.wipe()).isTrue();
        assertThat(options.sample()).isFalse();
        assertThat(options.followLegacy()).isTrue();
        assertThat(options.endpoints().jdbcUrl()).isEqualTo("jdbc:postgresql://localhost:25432/pagila");
        assertThat(options.endpoints().redisUrl()).isEqualTo("redis://127.0.0.1:26379");
        assertThat(options).extracting(LocalPlatformOptions::commandPort, LocalPlatformOptions::queryPort)
                .containsExactly(9080, 9081);
        assertThat(options.bindAddress().isAnyLocalAddress()).isTrue();
    }

    @Test
    void theLauncherDefaultsToThePortsTheAppsExpectAndImportsTheSample() {
        LocalPlatformOptions options = launcher();

        assertThat(options).extracting(LocalPlatformOptions::commandPort, LocalPlatformOptions::queryPort,
                LocalPlatformOptions::postgresPort, LocalPlatformOptions::redisPort, LocalPlatformOptions::dynamoDbPort,
                LocalPlatformOptions::sample, LocalPlatformOptions::readModelOnDisk, LocalPlatformOptions::followLegacy)
                .containsExactly(8080, 8081, 15432, 16379, 18000, true, true, false);
        assertThat(options.dataDirectory()).isEqualTo(project.resolve(".local-data"));
        assertThat(options.bindAddress().getHostAddress()).as("the APIs listen on this machine only").isEqualTo("127.0.0.1");
    }

    @Test
    void anUnknownOptionIsOneLineAndExitCode2() {
        assertThat(execute("run", "--colour")).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("run: Unknown option: '--colour' (--help lists the options)" + System.lineSeparator());
    }

    @Test
    void aPortThatIsNotANumberIsRefusedNamingTheOption() {
        assertThat(execute("run", "--query-port=eighty")).isEqualTo(2);
        assertThat(err.toString()).contains("'--query-port'").contains("must be a port number between 1 and 65535, got 'eighty'")
                .hasLineCount(1);
    }

    @Test
    void everyToolRefusesABadOptionOrValueInOneLineBeforeDoingAnything() {
        for (String[] mistake : new String[][] {{"admin", "status", "--colour"}, {"admin", "replay"}, {"migrate", "status", "--nope"},
                {"migrate", "bogus"}, {"parity"}, {"bench-follow", "--rate=fast"}, {"bench-rentals", "--clients=x"},
                {"bench-queries", "--films"}, {"bench-views", "--rewards-month=July"}, {"bench-projections", "--times=one"},
                {"synthesize", "--times=x"}, {"security", "unlock"}, {"security", "rotate-key", "--wait"}}) {
            err.getBuffer().setLength(0);

            assertThat(execute(mistake)).as(String.join(" ", mistake)).isEqualTo(2);
            assertThat(err.toString()).as(String.join(" ", mistake)).hasLineCount(1).contains("(--help lists the options)");
        }
    }

    @Test
    void everyCommandAnswersHelp() {
        CommandLine cli = PagilaCli.commandLine();
        for (String command : cli.getSubcommands().keySet()) {
            if (command.equals("help")) {
                continue; // 'help <command>' is the other way to ask
            }
            out.getBuffer().setLength(0);

            assertThat(execute(command, "--help")).as(command).isZero();
            assertThat(out.toString()).as(command).startsWith("Usage: pagila " + command);
        }
        assertThat(execute("admin", "replay", "--help")).isZero();
        assertThat(out.toString()).contains("--from-position");
    }

    @Test
    void writesABashCompletionScript() {
        assertThat(execute("generate-completion")).isZero();
        assertThat(out.toString()).contains("complete -F").contains("migrate").contains("cut-over");
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
