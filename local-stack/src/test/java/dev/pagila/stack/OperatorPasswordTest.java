package dev.pagila.stack;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The local run's operator password, kept in the data directory for the admin CLI, and for no one else. */
class OperatorPasswordTest {

    @TempDir
    Path temporary;

    @BeforeEach
    void noPasswordFromTheEnvironment() {
        assumeTrue(System.getenv(OperatorPassword.ENVIRONMENT) == null, "the environment's password would win over the file");
    }

    @Test
    void aNewPasswordFileIsTheOwnersAlone() throws IOException {
        assumeTrue(temporary.getFileSystem().supportedFileAttributeViews().contains("posix"), "a POSIX file system");
        Path data = temporary.resolve("data");

        String password = OperatorPassword.forDataDirectory(data);

        Path file = OperatorPassword.file(data);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(password).hasSize(48);
        assertThat(Files.readString(file).trim()).isEqualTo(password);
        assertThat(OperatorPassword.forDataDirectory(data)).as("the next start").isEqualTo(password);
        assertThat(OperatorPassword.find(data)).as("the admin CLI").isEqualTo(password);
    }

    @Test
    void anExistingFileKeepsItsPassword() throws IOException {
        Path data = Files.createDirectories(temporary.resolve("data"));
        Files.writeString(OperatorPassword.file(data), "from-an-earlier-start" + System.lineSeparator());

        assertThat(OperatorPassword.forDataDirectory(data)).isEqualTo("from-an-earlier-start");
        assertThat(OperatorPassword.find(data)).isEqualTo("from-an-earlier-start");
    }
}
