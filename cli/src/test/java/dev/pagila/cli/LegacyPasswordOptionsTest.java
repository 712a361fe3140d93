package dev.pagila.cli;

import dev.pagila.parity.LegacyPasswordOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The monolith's database password for the tools that read it: from the environment or a file, so that it stays out
 * of the process list; a value on the command line still works, with a warning; a mistake is one line and exit code 2.
 */
class LegacyPasswordOptionsTest {

    private static final String LEGACY_URL = "--legacy-url=jdbc:postgresql://localhost:1/pagila_legacy";

    @TempDir
    Path directory;

    private final StringWriter err = new StringWriter();
    private final StringWriter out = new StringWriter();

    @Command(name = "tool")
    static final class Tool {

        @Mixin
        LegacyPasswordOptions legacyPassword;
    }

    private String password(Map<String, String> environment, String... args) {
        Tool tool = new Tool();
        CommandLine cli = new CommandLine(tool);
        cli.setErr(new PrintWriter(err, true));
        cli.parseArgs(args);
        return tool.legacyPassword.password(cli, environment);
    }

    private int execute(String... args) {
        CommandLine cli = PagilaCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void thePasswordComesFromTheEnvironment() {
        assertThat(password(Map.of(LegacyPasswordOptions.ENVIRONMENT, "from-the-environment"))).isEqualTo("from-the-environment");
        assertThat(password(Map.of())).as("none set").isEmpty();
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void aPasswordFileGivesItsFirstLineAndWinsOverTheEnvironment() throws Exception {
        Path file = Files.writeString(directory.resolve("legacy-password"), "from the file\r\n");

        assertThat(password(Map.of(LegacyPasswordOptions.ENVIRONMENT, "from-the-environment"), "--legacy-password-file=" + file))
                .isEqualTo("from the file");
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void aPasswordOnTheCommandLineStillWorksWithAOneLineWarning() {
        assertThat(password(Map.of(), "--legacy-password=secret")).isEqualTo("secret");

        assertThat(err.toString()).hasLineCount(1).startsWith("tool: warning: --legacy-password shows in the process list")
                .contains(LegacyPasswordOptions.ENVIRONMENT).contains("--legacy-password-file").doesNotContain("secret");
    }

    @Test
    void aFileThatCannotBeReadOrAFileBesideAValueIsAUsageError() {
        Path missing = directory.resolve("missing");

        assertThatThrownBy(() -> password(Map.of(), "--legacy-password-file=" + missing))
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessage("--legacy-password-file: cannot read " + missing + " (no such file)");
        assertThatThrownBy(() -> password(Map.of(), "--legacy-password=secret", "--legacy-password-file=" + missing))
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessage("give either --legacy-password-file or --legacy-password, not both");
    }

    @Test
    void everyToolThatReadsTheMonolithRefusesAnUnreadableFileInOneLineBeforeDoingAnything() {
        String file = "--legacy-password-file=" + directory.resolve("missing");
        for (String[] command : new String[][] {{"parity", LEGACY_URL, file}, {"migrate", "cut-over", file},
                {"migrate", file, "cut-over"}, {"bench-queries", file}}) {
            err.getBuffer().setLength(0);
            out.getBuffer().setLength(0);

            assertThat(execute(command)).as(String.join(" ", command)).isEqualTo(2);
            assertThat(err.toString()).as(String.join(" ", command)).hasLineCount(1)
                    .contains("--legacy-password-file: cannot read " + directory.resolve("missing") + " (no such file)")
                    .endsWith("(--help lists the options)" + System.lineSeparator());
            assertThat(out.toString()).as(String.join(" ", command)).isEmpty();
        }
    }

    @Test
    void aValueAndAFileTogetherAreOneLineAndExitCode2() throws Exception {
        Path file = Files.writeString(directory.resolve("legacy-password"), "from the file\n");

        assertThat(execute("parity", LEGACY_URL, "--legacy-password=secret", "--legacy-password-file=" + file)).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("parity: give either --legacy-password-file or --legacy-password, not both"
                + " (--help lists the options)" + System.lineSeparator());
    }

    @Test
    void helpShowsThePasswordFileAndTheVariable() {
        for (String[] command : new String[][] {{"parity", "--help"}, {"migrate", "cut-over", "--help"}, {"bench-queries", "--help"}}) {
            out.getBuffer().setLength(0);

            assertThat(execute(command)).isZero();
            assertThat(out.toString()).as(String.join(" ", command)).contains("--legacy-password-file=<path>")
                    .contains(LegacyPasswordOptions.ENVIRONMENT);
        }
    }
}
