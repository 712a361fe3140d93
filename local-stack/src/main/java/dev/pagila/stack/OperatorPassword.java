package dev.pagila.stack;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Set;

/**
 * The password of the local run's operations account ({@code admin}, role ADMIN): {@code PAGILA_OPERATOR_PASSWORD}
 * when set, else a random one generated on first start and kept in the data directory (readable by its owner
 * only), where the admin CLI finds it. The command side stores only its hash.
 */
public final class OperatorPassword {

    public static final String ENVIRONMENT = "PAGILA_OPERATOR_PASSWORD";
    public static final String USERNAME = "admin";

    private OperatorPassword() {
    }

    public static Path file(Path dataDirectory) {
        return dataDirectory.resolve("operator-password");
    }

    public static synchronized String forDataDirectory(Path dataDirectory) {
        String configured = System.getenv(ENVIRONMENT);
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        Path file = file(dataDirectory);
        try {
            if (Files.isRegularFile(file)) {
                return Files.readString(file).trim();
            }
            byte[] random = new byte[24];
            new SecureRandom().nextBytes(random);
            String password = HexFormat.of().formatHex(random);
            Files.createDirectories(dataDirectory);
            try {
                writeNew(file, password + System.lineSeparator());
            } catch (FileAlreadyExistsException anotherStartWroteItFirst) {
                return Files.readString(file).trim();
            }
            return password;
        } catch (IOException e) {
            throw new LocalStackException("the operator password in " + file + " cannot be read or written: " + e.getMessage(), e);
        }
    }

    /**
     * Creates the file readable and writable by its owner only from the moment it exists, on a POSIX file system
     * (elsewhere the directory's own permissions protect it): a file created with the default mode and restricted
     * afterwards can be opened by anyone in between.
     */
    private static void writeNew(Path file, String content) throws IOException {
        FileAttribute<?>[] ownerOnly = file.getFileSystem().supportedFileAttributeViews().contains("posix")
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
                : new FileAttribute<?>[0];
        try (SeekableByteChannel channel = Files.newByteChannel(file,
                Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), ownerOnly)) {
            ByteBuffer bytes = ByteBuffer.wrap(content.getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
        }
    }

    /** For the CLI: the environment, else the local run's file, else nothing. */
    public static String find(Path dataDirectory) {
        String configured = System.getenv(ENVIRONMENT);
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        try {
            return Files.isRegularFile(file(dataDirectory)) ? Files.readString(file(dataDirectory)).trim() : null;
        } catch (IOException e) {
            return null;
        }
    }
}
