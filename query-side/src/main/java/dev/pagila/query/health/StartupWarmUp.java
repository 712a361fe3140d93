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

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Makes the query side answer at its warm speed from its first request: before it reports itself ready (Spring Boot
 * reports readiness after the application runners, and {@code /actuator/health} includes readiness), it fills the
 * cache with the hot answers, then asks its own public API the hot questions for a while, so the JIT has compiled
 * the request path (Tomcat, security, Spring MVC, the cache, Jackson) and the pools are open. Measured without it,
 * the first minute after a start answered at a fifth of the warm rate. Questions that need a token (balances) are
 * asked of their service directly, as the query side cannot sign in.
 */
@Component
public class StartupWarmUp implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(StartupWarmUp.class);

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
        try {
            warmUp();
        } catch (Exception e) {
            log.warn("Warm-up stopped early; answering anyway: {}", e.toString());
        }
    }

    private void warmUp() throws Exception {
        long began = System.nanoTime();
        CacheAdmin.Warmed warmed = cache.warm();
        long cacheMillis = (System.nanoTime() - began) / 1_000_000;
        if (settings.duration().isZero() || !(context instanceof WebServerApplicationContext web) || warmed.films() == 0) {
            log.info("Warm-up: cache filled in {} ms ({} films, {} pages, {} accounts)", cacheMillis, warmed.films(),
                    warmed.pages(), warmed.accounts());
            return;
        }
        long requests = askHotQuestions(web.getWebServer().getPort(), cache.filmIds(), cache.customerIds());
        log.info("Warm-up: cache filled in {} ms ({} films, {} pages, {} accounts), then {} hot questions in {} s",
                cacheMillis, warmed.films(), warmed.pages(), warmed.accounts(), requests, settings.duration().toSeconds());
    }

    private long askHotQuestions(int port, List<Integer> films, List<Integer> customers) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();
        String base = "http://localhost:" + port;
        long deadline = System.nanoTime() + settings.duration().toNanos();
        AtomicLong asked = new AtomicLong();
        ExecutorService clients = Executors.newFixedThreadPool(settings.clients());
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int client = 0; client < settings.clients(); client++) {
                running.add(clients.submit(() -> {
                    ThreadLocalRandom random = ThreadLocalRandom.current();
                    while (System.nanoTime() < deadline) {
                        int film = films.get(random.nextInt(films.size()));
                        for (String path : List.of("/api/films/" + film, "/api/films/" + film + "/in-stock?storeId=" + (1 + film % 2),
                                "/api/films?category=" + (1 + film % 16), "/api/actors/" + (1 + film % 200), "/api/categories")) {
                            http.send(HttpRequest.newBuilder(URI.create(base + path)).build(), HttpResponse.BodyHandlers.discarding());
                        }
                        if (!customers.isEmpty()) {
                            accounts.balance(customers.get(random.nextInt(customers.size())), clock.instant());
                        }
                        asked.addAndGet(6);
                    }
                    return null;
                }));
            }
            for (Future<?> client : running) {
                client.get();
            }
        } finally {
            clients.shutdownNow();
        }
        return asked.get();
    }
}
