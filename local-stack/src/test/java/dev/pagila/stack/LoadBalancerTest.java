package dev.pagila.stack;

import dev.pagila.client.ApiClient;
import dev.pagila.client.ApiRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import com.sun.net.httpserver.HttpServer;

import static org.assertj.core.api.Assertions.assertThat;

/** The launcher's HAProxy, against two small HTTP servers standing in for an app's instances. */
class LoadBalancerTest {

    private final ApiClient http = new ApiClient(Duration.ofSeconds(2));

    @Test
    void sendsRequestsOnlyToHealthyInstancesAndTakesOneOutOfRotationBeforeARestart(@TempDir Path directory) throws Exception {
        HttpServer first = instance("first");
        HttpServer second = instance("second");
        int port = Ports.anyFree();
        try (LoadBalancer balancer = LoadBalancer.start(directory, LocalPlatformOptions.LOOPBACK,
                new LoadBalancer.Backend("app", port, List.of(first.getAddress().getPort(), second.getAddress().getPort()), "/health"))) {
            balancer.putBack("app", 0, Duration.ofSeconds(10));
            balancer.putBack("app", 1, Duration.ofSeconds(10));
            assertThat(answers(port, 4)).containsExactlyInAnyOrder("first", "first", "second", "second");

            balancer.takeOut("app", 0, Duration.ofSeconds(5));
            assertThat(balancer.status("app", 0)).startsWith("MAINT");
            assertThat(answers(port, 4)).containsOnly("second");

            balancer.putBack("app", 0, Duration.ofSeconds(10));
            second.stop(0); // a dead instance: its requests go to the other one, health check or not
            assertThat(answers(port, 4)).containsOnly("first");
        } finally {
            first.stop(0);
        }
    }

    @Test
    void forwardsTheAddressItSawAndNeverOneTheClientSent(@TempDir Path directory) throws Exception {
        List<String> forwarded = new java.util.concurrent.CopyOnWriteArrayList<>();
        HttpServer app = HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        app.createContext("/", exchange -> {
            if (exchange.getRequestURI().getPath().equals("/api/auth/token")) { // not a health check
                forwarded.add(String.valueOf(exchange.getRequestHeaders().get("X-Forwarded-For")));
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        app.start();
        int port = Ports.anyFree();
        try (LoadBalancer balancer = LoadBalancer.start(directory, LocalPlatformOptions.LOOPBACK,
                new LoadBalancer.Backend("app", port, List.of(app.getAddress().getPort()), "/health"))) {
            balancer.putBack("app", 0, Duration.ofSeconds(10));
            http.send(ApiRequest.get("http://127.0.0.1:" + port + "/api/auth/token").withHeader("X-Forwarded-For", "203.0.113.9"));
        } finally {
            app.stop(0);
        }
        assertThat(forwarded).containsExactly("[127.0.0.1]");
    }

    private List<String> answers(int port, int count) throws Exception {
        List<String> answers = new java.util.ArrayList<>();
        for (int i = 0; i < count; i++) {
            answers.add(http.send(ApiRequest.get("http://127.0.0.1:" + port + "/who")).body());
        }
        return answers;
    }

    /** Answers 200 with its name, on every path, the health check's included. */
    private static HttpServer instance(String name) throws Exception {
        HttpServer server = HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = name.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return server;
    }
}
