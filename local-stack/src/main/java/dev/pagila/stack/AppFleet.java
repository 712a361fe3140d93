package dev.pagila.stack;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.function.IntFunction;

/**
 * The instances of one app: one on the API's own port, or several on loopback ports behind the load balancer. Each is
 * a child process with its own log ({@code <app>-<n>.log} when there are several) and knows its number.
 */
final class AppFleet implements AutoCloseable {

    private final String app;
    private final Path jar;
    private final InetAddress address;
    private final String host;
    private final List<Integer> ports;
    private final IntFunction<Map<String, String>> environment;
    private final Path logDirectory;
    private final AppProcess[] instances;

    /**
     * @param ports       one per instance
     * @param environment each instance's environment, by its index
     */
    AppFleet(String app, Path jar, InetAddress address, String host, List<Integer> ports,
             IntFunction<Map<String, String>> environment, Path logDirectory) {
        this.app = app;
        this.jar = jar;
        this.address = address;
        this.host = host;
        this.ports = List.copyOf(ports);
        this.environment = environment;
        this.logDirectory = logDirectory;
        this.instances = new AppProcess[ports.size()];
    }

    int size() {
        return instances.length;
    }

    List<Integer> ports() {
        return ports;
    }

    /** {@code command-side-2}, or just {@code command-side} when it runs alone. */
    String instanceName(int index) {
        return instances.length == 1 ? app : app + "-" + (index + 1);
    }

    void start(int index) {
        instances[index] = AppProcess.start(instanceName(index), jar, address, host, ports.get(index), environment.apply(index),
                logDirectory);
    }

    void awaitHealthy(int index, Duration timeout) {
        instances[index].awaitHealthy(timeout);
    }

    AppProcess instance(int index) {
        return instances[index];
    }

    /** Kills one instance at once (SIGKILL), as a crash would: nothing it had in hand is finished. */
    void kill(int index) throws InterruptedException {
        instances[index].process().destroyForcibly().waitFor();
    }

    /** Stops one instance as an operator would (SIGTERM: Spring finishes the requests it has, Axon releases its claims). */
    void stop(int index) {
        instances[index].close();
    }

    List<String> logs() {
        List<String> logs = new ArrayList<>();
        for (AppProcess instance : instances) {
            if (instance != null) {
                logs.add(instance.log().toString());
            }
        }
        return logs;
    }

    /** The exit code of an instance that stopped by itself, if one did. */
    OptionalInt anExit() {
        for (AppProcess instance : instances) {
            if (instance != null && !instance.isAlive()) {
                return OptionalInt.of(instance.process().exitValue());
            }
        }
        return OptionalInt.empty();
    }

    /** Whether no instance is running any more. */
    boolean allStopped() {
        for (AppProcess instance : instances) {
            if (instance != null && instance.isAlive()) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() {
        for (AppProcess instance : instances) {
            if (instance != null) {
                instance.close();
            }
        }
    }
}
