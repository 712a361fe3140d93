package dev.pagila.command.migration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The import's options: the source database's password from the environment or a file rather than the command line,
 * and a mistake is one line and exit code 2 before anything starts.
 */
class ImportCommandLineTest {

    private static final String URL = "--source-url=jdbc:postgresql://legacy-host:5432/pagila";

    @TempDir
    Path directory;

    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    private ImportCommandLine.Options options(Map<String, String> environment, String... args) throws Exception {
        return ImportCommandLine.options(args, environment, new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private int run(String... args) throws Exception {
        return ImportCommandLine.run(args, Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void thePasswordComesFromTheVariableTheFollowerReads() throws Exception {
        ImportCommandLine.Options options = options(Map.of("PAGILA_MIGRATION_SOURCE_PASSWORD", "from-the-environment"), URL);

        assertThat(options.password()).isEqualTo("from-the-environment");
        assertThat(err()).isEmpty();
    }

    @Test
    void aPasswordFileGivesItsFirstLineAndWinsOverTheEnvironment() throws Exception {
        Path file = Files.writeString(directory.resolve("legacy-password"), "from the file\n");

        ImportCommandLine.Options options = options(Map.of("PAGILA_MIGRATION_SOURCE_PASSWORD", "from-the-environment"), URL,
                "--source-password-file=" + file);

        assertThat(options.password()).isEqualTo("from the file");
        assertThat(options.toString()).doesNotContain("from the file");
        assertThat(err()).isEmpty();
    }

    @Test
    void aPasswordOnTheCommandLineStillWorksWithAOneLineWarning() throws Exception {
        ImportCommandLine.Options options = options(Map.of(), URL, "--source-password=secret");

        assertThat(options.password()).isEqualTo("secret");
        assertThat(err()).hasLineCount(1).contains("warning").contains("process list").contains("--source-password-file")
                .doesNotContain("secret");
    }

    @Test
    void aPasswordFileThatCannotBeReadOrGivenBesideAValueIsRefused() {
        Path missing = directory.resolve("missing");

        assertThatThrownBy(() -> options(Map.of(), URL, "--source-password-file=" + missing))
                .hasMessage("--source-password-file: cannot read " + missing + " (no such file)");
        assertThatThrownBy(() -> options(Map.of(), URL, "--source-password-file=" + directory))
                .hasMessageStartingWith("--source-password-file: cannot read " + directory);
        assertThatThrownBy(() -> options(Map.of(), URL, "--source-password=secret", "--source-password-file=" + missing))
                .hasMessage("give either --source-password-file or --source-password, not both");
    }

    @Test
    void anUnreadablePasswordFileIsOneLineAndExitCode2BeforeAnythingStarts() throws Exception {
        assertThat(run(URL, "--source-password-file=" + directory.resolve("missing"))).isEqualTo(2);

        assertThat(err()).hasLineCount(1).startsWith("import: --source-password-file: cannot read ")
                .endsWith("(--help lists the options)" + System.lineSeparator());
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void helpNamesThePasswordFileAndTheVariable() throws Exception {
        assertThat(run("--help")).isZero();

        assertThat(out.toString(StandardCharsets.UTF_8)).contains("--source-password-file=<path>")
                .contains("PAGILA_MIGRATION_SOURCE_PASSWORD");
    }
}
