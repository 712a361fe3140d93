package dev.pagila.stack;

import dev.pagila.client.ApiClient;
import dev.pagila.client.ApiRequest;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** One of the two apps, run from its executable jar as a child process with its log in a file. */
final class AppProcess implements AutoCloseable {

    /** A starting app refuses connections at once; one that hangs should not hold a probe for long. */
    private static final ApiClient PROBE = new ApiClient(Duration.ofSeconds(1));

    private final String name;
    private final String host;
    private final int port;
    private final Path log;
    private final Process process;
    private final AppImage image;

    private AppProcess(String name, String host, int port, Path log, Process process, AppImage image) {
        this.image = image;
        this.name = name;
        this.host = host;
        this.port = port;
        this.log = log;
        this.process = process;
    }

    /**
     * @param address where the app's HTTP server listens
     * @param host    how this machine reaches it there, in URLs
     */
    static AppProcess start(String name, Path jar, InetAddress address, String host, int port, Map<String, String> environment,
                            Path logDirectory) {
        if (!Files.isRegularFile(jar)) {
            throw new LocalStackException(name + " jar not found at " + jar + ": build it first with ./mvnw -DskipTests package");
        }
        try {
            Files.createDirectories(logDirectory);
            Path log = logDirectory.resolve(name + ".log");
            AppImage image = AppImage.of(jar);
            ProcessBuilder builder = processBuilder(image, address, port, environment)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            return new AppProcess(name, host, port, log, builder.start(), image);
        } catch (IOException e) {
            throw new LocalStackException(name + " did not start: " + e.getMessage(), e);
        }
    }

    /** The app's command line and environment: its own configuration, then where its HTTP server listens. */
    static ProcessBuilder processBuilder(Path jar, InetAddress address, int port, Map<String, String> environment) {
        return processBuilder(AppImage.of(jar), address, port, environment);
    }

    private static ProcessBuilder processBuilder(AppImage image, InetAddress address, int port, Map<String, String> environment) {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.add("-Xmx768m");
        command.addAll(image.jvmOptions());
        command.add("-jar");
        command.add(image.jar().toString());
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(environment);
        // Spring Boot's server listens on every interface unless told otherwise
        builder.environment().put("SERVER_ADDRESS", address.getHostAddress());
        builder.environment().put("SERVER_PORT", Integer.toString(port));
        return builder;
    }

    /** Runs an app's one-off command (an import, say) with this terminal as its own, and waits for it. */
    static void runToCompletion(String name, Path jar, Map<String, String> environment, String... arguments) {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), "-jar",
                jar.toString()));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
        builder.environment().putAll(environment);
        builder.environment().put("LOGGING_LEVEL_ROOT", "ERROR");
        builder.environment().put("SPRING_MAIN_BANNER_MODE", "off");
        try {
            int exit = builder.start().waitFor();
            if (exit != 0) {
                throw new LocalStackException(name + " failed with exit code " + exit);
            }
        } catch (IOException e) {
            throw new LocalStackException(name + " did not start: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LocalStackException("interrupted during " + name);
        }
    }

    /** Waits until the app reports UP on its health endpoint. */
    void awaitHealthy(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        ApiRequest health = ApiRequest.get(baseUrl() + "/actuator/health").withTimeout(Duration.ofSeconds(2));
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new LocalStackException(name + " exited with code " + process.exitValue() + " while starting; see " + log
                        + "\n" + tail(15));
            }
            try {
                if (PROBE.send(health).status() == 200) {
                    return;
                }
            } catch (IOException notListeningYet) {
                // keep polling
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LocalStackException("interrupted while " + name + " was starting");
            }
            pause();
        }
        throw new LocalStackException(name + " was not healthy within " + timeout.toSeconds() + " s; see " + log + "\n" + tail(15));
    }

    String baseUrl() {
        return "http://" + host + ":" + port;
    }

    Path log() {
        return log;
    }

    /** Whether the app has logged a line containing {@code text} since it started. */
    boolean logShows(String text) {
        try (java.util.stream.Stream<String> lines = Files.lines(log)) {
            return lines.anyMatch(logged -> logged.contains(text));
        } catch (IOException | java.io.UncheckedIOException notYetWritten) {
            return false;
        }
    }

    boolean isAlive() {
        return process.isAlive();
    }

    Process process() {
        return process;
    }

    private String tail(int lines) {
        try {
            List<String> all = Files.readAllLines(log);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "";
        }
    }

    private static void pause() {
        try {
            Thread.sleep(250);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Asks the app to stop (SIGTERM, a graceful Spring shutdown), and kills it if it does not within 20 s. */
    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            // a first run after a build writes its class data archive as it stops
            if (process.waitFor(30, TimeUnit.SECONDS)) {
                image.processEnded();
            } else {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
