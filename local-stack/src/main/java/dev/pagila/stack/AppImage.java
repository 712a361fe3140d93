package dev.pagila.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * How an app's jar is started: from Spring Boot's extracted layout, with a class data sharing archive of its classes
 * once a run has written one. Most of an app's start on two cores goes to loading and verifying classes; the archive
 * maps them ready-made, which matters most when an instance is restarted while the others are busy. The first run
 * after a build writes the archive when it stops gracefully; a run that is killed writes none, and the next run tries
 * again; a jar with other contents is extracted afresh. Extraction or an archive the JVM cannot use (another JDK) only
 * costs the speed-up.
 */
final class AppImage {

    private static final String ARCHIVE = "app.jsa";

    private final Path jar;
    private final List<String> jvmOptions;
    private final Path pendingArchive;

    private AppImage(Path jar, List<String> jvmOptions, Path pendingArchive) {
        this.jar = jar;
        this.jvmOptions = jvmOptions;
        this.pendingArchive = pendingArchive;
    }

    /** The jar to run and its options: the extracted layout next to {@code executableJar}, extracted if out of date. */
    static synchronized AppImage of(Path executableJar) {
        String name = executableJar.getFileName().toString();
        Path directory = executableJar.resolveSibling(name.replaceFirst("\\.jar$", "") + "-cds");
        Path extracted = directory.resolve(name);
        Path source = directory.resolve("source.sha256");
        try {
            // by content: the build rewrites the jar every time, with the same bytes when nothing changed
            String digest = sha256(executableJar);
            if (!Files.isRegularFile(extracted) || !Files.isRegularFile(source) || !Files.readString(source).equals(digest)) {
                Directories.delete(directory);
                if (!extract(executableJar, directory)) {
                    return new AppImage(executableJar, List.of(), null);
                }
                Files.writeString(source, digest);
            }
            Path archive = directory.resolve(ARCHIVE);
            if (Files.isRegularFile(archive)) {
                return new AppImage(extracted, List.of("-XX:SharedArchiveFile=" + archive, "-Xlog:cds=off", "-Xlog:cds+dynamic=off"), null);
            }
            Path pending = directory.resolve("app-" + UUID.randomUUID() + ".jsa");
            return new AppImage(extracted, List.of("-XX:ArchiveClassesAtExit=" + pending, "-Xlog:cds=off", "-Xlog:cds+dynamic=off"),
                    pending);
        } catch (IOException e) {
            return new AppImage(executableJar, List.of(), null);
        }
    }

    Path jar() {
        return jar;
    }

    List<String> jvmOptions() {
        return jvmOptions;
    }

    /** After the app's process has ended: keeps the archive it wrote as the one later runs use, if none is kept yet. */
    synchronized void processEnded() {
        if (pendingArchive == null || !Files.exists(pendingArchive)) {
            return;
        }
        try {
            Path archive = pendingArchive.resolveSibling(ARCHIVE);
            if (Files.exists(archive)) {
                Files.delete(pendingArchive);
            } else {
                Files.move(pendingArchive, archive, StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (IOException e) {
            // another run keeps its own, or none: the next start tries again
        }
    }

    private static String sha256(Path file) throws IOException {
        try (java.io.InputStream in = Files.newInputStream(file)) {
            java.security.MessageDigest digest = java.security.MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                digest.update(buffer, 0, read);
            }
            return java.util.HexFormat.of().formatHex(digest.digest());
        } catch (java.security.NoSuchAlgorithmException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    private static boolean extract(Path executableJar, Path directory) {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-Djarmode=tools", "-jar", executableJar.toString(), "extract", "--destination", directory.toString()));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return process.waitFor(2, TimeUnit.MINUTES) && process.exitValue() == 0
                    && Files.isRegularFile(directory.resolve(executableJar.getFileName()));
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

}
