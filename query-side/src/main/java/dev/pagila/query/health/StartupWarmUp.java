package dev.pagila.query.health;

import dev.pagila.query.QuerySideProperties;
import dev.pagila.query.admin.CacheAdmin;
import dev.pagila.query.sales.CustomerAccounts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ApplicationContext;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Makes the query side answer at its warm speed from its first request: before it reports itself ready (Spring Boot
 * reports readiness after the application runners, and {@code /actuator/health} includes readiness), it fills the
 * cache with the hot answers, then asks its own public API the hot questions until the JIT has compiled the request
 * path (Tomcat, security, Spring MVC, the cache, Jackson), at most for the configured duration. Measured on 2 cores,
 * a query side under full load from a cold start reached its warm rate after about ten seconds, and without a warm-up
 * the first minute after a start answered at half of it. Questions that need a token (balances) are asked of their
 * service directly, as the query side cannot sign in.
 */
@Component
public class StartupWarmUp implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(StartupWarmUp.class);
    private static final Duration COMPILER_WINDOW = Duration.ofSeconds(2);

    private final CacheAdmin cache;
    private final CustomerAccounts accounts;
    private final ApplicationContext context;
    private final QuerySideProperties.WarmUp settings;
    private final Clock clock;

    public StartupWarmUp(CacheAdmin cache, CustomerAccounts accounts, ApplicationContext context, QuerySideProperties properties,
                         Clock clock) {
        this.cache = cache;
        this.accounts = accounts;
        this.context = context;
        this.settings = properties.warmUp();
        this.clock = clock;
    }

    /** A warm-up that fails leaves a slower start, never a failed one. */
    @Override
    public void run(ApplicationArguments arguments) {
        if (!settings.enabled()) {
            log.info("Warm-up off: ready before the cache holds the hot answers");
            return;
        }
        try {
            warmUp();
        } catch (Exception e) {
            log.warn("Warm-up stopped early; answering anyway: {}", e.toString());
        }
    }

    private void warmUp() throws Exception {
        long began = System.nanoTime();
        List<Integer> films = cache.filmIds();
        List<Integer> customers = cache.customerIds();
        CacheAdmin.Warmed warmed = cache.warm(films, customers);
        long cacheMillis = (System.nanoTime() - began) / 1_000_000;
        if (settings.duration().isZero() || !(context instanceof WebServerApplicationContext web) || warmed.films() == 0) {
            log.info("Warm-up: cache filled in {} ms ({} films, {} pages, {} accounts)", cacheMillis, warmed.films(),
                    warmed.pages(), warmed.accounts());
            return;
        }
        long asking = System.nanoTime();
        long requests = askHotQuestions(web.getWebServer().getPort(), films, customers);
        log.info("Warm-up: cache filled in {} ms ({} films, {} pages, {} accounts), then {} hot questions in {} ms",
                cacheMillis, warmed.films(), warmed.pages(), warmed.accounts(), requests, (System.nanoTime() - asking) / 1_000_000);
    }

    private long askHotQuestions(int port, List<Integer> films, List<Integer> customers) throws Exception {
        long deadline = System.nanoTime() + settings.duration().toNanos();
        AtomicLong asked = new AtomicLong();
        AtomicBoolean warm = new AtomicBoolean();
        ExecutorService clients = Executors.newFixedThreadPool(settings.clients());
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int client = 0; client < settings.clients(); client++) {
                running.add(clients.submit(() -> {
                    ThreadLocalRandom random = ThreadLocalRandom.current();
                    while (!warm.get() && System.nanoTime() < deadline) {
                        int film = films.get(random.nextInt(films.size()));
                        // questions through Spring MVC twice as often as those answered before it: they run more code
                        for (String path : List.of("/api/films/" + film, "/api/films/" + film + "/in-stock?storeId=" + (1 + film % 2),
                                "/api/films?category=" + (1 + film % 16), "/api/actors/" + (1 + film % 200),
                                "/api/films?category=" + (1 + (film + 8) % 16), "/api/actors/" + (1 + (film + 100) % 200))) {
                            ask(port, path, null);
                        }
                        // a signed-in question's way through Spring Security, as far as the query side can go without a token
                        ask(port, "/api/customers", "Bearer not-a-token");
                        if (!customers.isEmpty()) {
                            accounts.balance(customers.get(random.nextInt(customers.size())), clock.instant());
                        }
                        asked.addAndGet(8);
                    }
                    return null;
                }));
            }
            watchTheCompiler(warm, deadline);
            for (Future<?> client : running) {
                client.get();
            }
        } finally {
            clients.shutdownNow();
        }
        return asked.get();
    }

    /**
     * Says the query side is warm once the JIT has little left to compile for these questions: less than a quarter of a
     * window spent compiling during the window. (The answer rate is a poorer sign: while the compiler threads take
     * most of both cores, it rises slowly and looks flat.) On 2 cores the compiler threads were busy for about 30 s
     * of these questions, but the rate reached 90 % of the warm rate after about 20 s: hence the default bound.
     */
    private static void watchTheCompiler(AtomicBoolean warm, long deadline) throws InterruptedException {
        CompilationMXBean compiler = ManagementFactory.getCompilationMXBean();
        if (compiler == null || !compiler.isCompilationTimeMonitoringSupported()) {
            return; // the clients stop at the deadline
        }
        long compiledBefore = compiler.getTotalCompilationTime();
        while (System.nanoTime() < deadline) {
            Thread.sleep(COMPILER_WINDOW.toMillis());
            long compiled = compiler.getTotalCompilationTime();
            log.debug("Warm-up: {} ms compiling in the last {} ms", compiled - compiledBefore, COMPILER_WINDOW.toMillis());
            if ((compiled - compiledBefore) * 4 < COMPILER_WINDOW.toMillis()) {
                warm.set(true);
                return;
            }
            compiledBefore = compiled;
        }
    }

    /**
     * One request on its own connection, read to the end. Hand-written rather than the JDK's HttpClient, which spends
     * more CPU per request than the request it warms: on 2 cores the warm-up would mostly compile the client.
     */
    private static void ask(int port, String path, String authorization) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(5_000);
            String request = "GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
                    + (authorization == null ? "" : "Authorization: " + authorization + "\r\n") + "\r\n";
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            InputStream answer = socket.getInputStream();
            byte[] buffer = new byte[8192];
            while (answer.read(buffer) != -1) {
                // the answer is not needed, only the work of giving it
            }
        }
    }
}
