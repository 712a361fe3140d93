package dev.pagila.stack;

import java.io.IOException;
import java.net.InetAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * HAProxy (Debian's {@code haproxy} package) in front of each app's instances, on the two API ports, as a child
 * process of the launcher. Each backend health-checks its instances every second (the command side's
 * {@code /actuator/health}; the query side's {@code /actuator/health/serving}, which leaves PostgreSQL out); a
 * connection that fails is tried again on another instance, and so is a read whose instance closed without an answer
 * (a command that reached an app may have been carried out, so it is never sent twice). Its runtime API, on a Unix socket in the
 * data directory, takes an instance out of rotation before a planned restart.
 */
public final class LoadBalancer implements AutoCloseable {

    public static final String COMMAND = "command";
    public static final String QUERY = "query";

    private final Path socket;
    private final Path log;
    private final Process process;

    private LoadBalancer(Path socket, Path log, Process process) {
        this.socket = socket;
        this.log = log;
        this.process = process;
    }

    /**
     * One backend: the port it listens on, the loopback ports of its instances (named {@code <backend>-<n>}), and the
     * path HAProxy checks them at.
     */
    public record Backend(String name, int port, List<Integer> instancePorts, String healthPath) {
    }

    public static LoadBalancer start(Path directory, InetAddress bindAddress, Backend... backends) {
        Path executable = Path.of("/usr/sbin/haproxy");
        if (!Files.isExecutable(executable)) {
            throw new LocalStackException("--instances needs HAProxy, from Debian's package: sudo apt-get install haproxy");
        }
        try {
            Files.createDirectories(directory);
            Path socket = directory.resolve("haproxy.sock");
            Files.deleteIfExists(socket);
            Path config = directory.resolve("haproxy.cfg");
            Files.writeString(config, config(socket, bindAddress, backends));
            Path log = directory.resolve("haproxy.log");
            Process process = new ProcessBuilder(executable.toString(), "-db", "-f", config.toString())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            LoadBalancer balancer = new LoadBalancer(socket, log, process);
            balancer.awaitSocket();
            return balancer;
        } catch (IOException e) {
            throw new LocalStackException("HAProxy did not start: " + e.getMessage(), e);
        }
    }

    static String config(Path socket, InetAddress bindAddress, Backend... backends) {
        StringBuilder config = new StringBuilder("""
                global
                    stats socket %s mode 600 level admin
                    maxconn 4096

                defaults
                    mode http
                    timeout connect 1s
                    timeout client 5m
                    # the admin API's cache warm and the migration's drain and cut-over answer when done
                    timeout server 5m
                    timeout http-keep-alive 10s
                    # an instance busy with a start beside it answers its health a little late: not dead
                    timeout check 3s
                    option redispatch
                    retries 3
                    # a read that found its instance dead is asked again of another; a command only when it never
                    # reached an app (a connection failure): one that did may have been carried out
                    retry-on conn-failure empty-response junk-response
                """.formatted(socket));
        String address = bindAddress.getHostAddress().contains(":") ? "[" + bindAddress.getHostAddress() + "]" : bindAddress.getHostAddress();
        for (Backend backend : backends) {
            config.append("""

                    frontend %1$s-api
                        bind %2$s:%3$d
                        http-request disable-l7-retry unless METH_GET || METH_HEAD
                        # the sign-in throttle counts by the client's address: the one HAProxy saw, never one the client sent
                        http-request del-header X-Forwarded-For
                        option forwardfor
                        default_backend %1$s

                    backend %1$s
                        balance roundrobin
                        option httpchk GET %4$s
                        http-check expect status 200
                        default-server inter 1s fall 3 rise 2
                    """.formatted(backend.name(), address, backend.port(), backend.healthPath()));
            for (int i = 0; i < backend.instancePorts().size(); i++) {
                config.append("    server %s 127.0.0.1:%d check%n".formatted(serverName(backend.name(), i), backend.instancePorts().get(i)));
            }
        }
        return config.toString();
    }

    static String serverName(String backend, int index) {
        return backend + "-" + (index + 1);
    }

    /** Takes an instance out of rotation (new requests go to the others) and waits until it has answered what it had. */
    public void takeOut(String backend, int index, Duration timeout) {
        command("set server " + backend + "/" + serverName(backend, index) + " state maint");
        Instant deadline = Instant.now().plus(timeout);
        while (currentRequests(backend, index) > 0 && Instant.now().isBefore(deadline)) {
            pause();
        }
    }

    /** Puts an instance back in rotation and waits until its health check passes. */
    public void putBack(String backend, int index, Duration timeout) {
        command("set server " + backend + "/" + serverName(backend, index) + " state ready");
        Instant deadline = Instant.now().plus(timeout);
        while (!status(backend, index).startsWith("UP")) {
            if (Instant.now().isAfter(deadline)) {
                throw new LocalStackException(serverName(backend, index) + " did not pass HAProxy's health check within "
                        + timeout.toSeconds() + " s");
            }
            pause();
        }
    }

    /** HAProxy's view of an instance: UP, DOWN, MAINT, ... */
    public String status(String backend, int index) {
        return statField(backend, index, "status");
    }

    private long currentRequests(String backend, int index) {
        return Long.parseLong(statField(backend, index, "scur"));
    }

    /** A field of {@code show stat}'s CSV for one server. */
    private String statField(String backend, int index, String field) {
        List<String> lines = command("show stat").lines().toList();
        List<String> header = List.of(lines.get(0).replaceFirst("^# ", "").split(","));
        int column = header.indexOf(field);
        String server = serverName(backend, index);
        return lines.stream().skip(1).map(line -> line.split(",", -1))
                .filter(row -> row.length > column && row[0].equals(backend) && row[1].equals(server))
                .map(row -> row[column]).findFirst()
                .orElseThrow(() -> new LocalStackException("HAProxy knows no server " + backend + "/" + server));
    }

    /** One command on HAProxy's runtime API: it answers and closes the connection. */
    String command(String command) {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socket));
            channel.write(ByteBuffer.wrap((command + "\n").getBytes(StandardCharsets.UTF_8)));
            StringBuilder answer = new StringBuilder();
            ByteBuffer buffer = ByteBuffer.allocate(16 * 1024);
            while (channel.read(buffer) >= 0) {
                buffer.flip();
                answer.append(StandardCharsets.UTF_8.decode(buffer));
                buffer.clear();
            }
            return answer.toString();
        } catch (IOException e) {
            throw new LocalStackException("HAProxy's runtime API did not answer '" + command + "': " + e.getMessage()
                    + (process.isAlive() ? "" : "; HAProxy stopped, see " + log), e);
        }
    }

    private void awaitSocket() {
        Instant deadline = Instant.now().plusSeconds(10);
        while (!Files.exists(socket)) {
            if (!process.isAlive() || Instant.now().isAfter(deadline)) {
                close();
                String output;
                try {
                    output = Files.readString(log);
                } catch (IOException e) {
                    output = "";
                }
                throw new LocalStackException("HAProxy did not start; it said: " + output.strip());
            }
            pause();
        }
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LocalStackException("interrupted while waiting for HAProxy");
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
