package dev.pagila.local;

import dev.pagila.infra.local.LocalStackException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The local run's admin token: {@code PAGILA_ADMIN_TOKEN} when set, else a random one generated on first start
 * and kept in the data directory (readable by its owner only), where the admin CLI finds it.
 */
final class AdminToken {

    static final String ENVIRONMENT = "PAGILA_ADMIN_TOKEN";

    private AdminToken() {
    }

    static Path file(Path dataDirectory) {
        return dataDirectory.resolve("admin-token");
    }

    static synchronized String forDataDirectory(Path dataDirectory) {
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
            String token = HexFormat.of().formatHex(random);
            Files.createDirectories(dataDirectory);
            Files.writeString(file, token + System.lineSeparator());
            try {
                Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException notPosix) {
                // the directory's own permissions protect it
            }
            return token;
        } catch (IOException e) {
            throw new LocalStackException("the admin token in " + file + " cannot be read or written: " + e.getMessage(), e);
        }
    }

    /** For the CLI: the environment, else the local run's file, else nothing. */
    static String find(Path dataDirectory) {
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
