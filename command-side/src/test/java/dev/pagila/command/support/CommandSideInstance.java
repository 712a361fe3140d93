package dev.pagila.command.support;

import dev.pagila.command.CommandSideApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.net.URI;
import java.time.Clock;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * A whole command-side app on a random port, as its own instance: several may share one database. Requests carry
 * the token of whoever signed in last through {@link #signInAs}, if anyone did.
 */
public final class CommandSideInstance implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final ConfigurableApplicationContext context;
    private final String baseUrl;
    private volatile String authorization;

    private CommandSideInstance(ConfigurableApplicationContext context) {
        this.context = context;
        this.baseUrl = "http://localhost:" + ((ServletWebServerApplicationContext) context).getWebServer().getPort();
    }

    public static CommandSideInstance start(String jdbcUrl, String... extraProperties) {
        return start(null, jdbcUrl, extraProperties);
    }

    /** A command side whose "now" is {@code clock} (null: the system's). */
    public static CommandSideInstance start(Clock clock, String jdbcUrl, String... extraProperties) {
        // command-line arguments outrank application.yml, as the environment variables of a deployment do
        String[] arguments = new String[extraProperties.length + 3];
        arguments[0] = "--server.port=0";
        arguments[1] = "--spring.datasource.url=" + jdbcUrl;
        arguments[2] = "--spring.main.banner-mode=off";
        for (int i = 0; i < extraProperties.length; i++) {
            arguments[i + 3] = "--" + extraProperties[i];
        }
        SpringApplicationBuilder application = new SpringApplicationBuilder(CommandSideApplication.class);
        if (clock != null) {
            application.initializers(context -> context.getBeanFactory().registerSingleton("clock", clock));
        }
        return new CommandSideInstance(application.run(arguments));
    }

    /** A command side on a fresh event store holding the imported Pagila sample. */
    public static CommandSideInstance withPagila(String database, String... extraProperties) throws Exception {
        return withPagila(null, database, extraProperties);
    }

    public static CommandSideInstance withPagila(Clock clock, String database, String... extraProperties) throws Exception {
        CommandSideInstance instance = start(clock, TestDatabases.eventStore(database), extraProperties);
        try (java.sql.Connection legacy = TestDatabases.legacy().getConnection()) {
            instance.bean(dev.pagila.command.migration.PagilaImporter.class)
                    .importFrom(legacy, dev.pagila.command.migration.ImportProgress.SILENT);
        }
        return instance;
    }

    /** Signs in; later requests carry the token. */
    public CommandSideInstance signInAs(String username, String password) throws Exception {
        HttpResponse<String> signedIn = signIn(username, password);
        if (signedIn.statusCode() != 200) {
            throw new IllegalStateException("sign-in as " + username + " failed: " + signedIn.body());
        }
        authorization = "Bearer " + new com.fasterxml.jackson.databind.ObjectMapper().readTree(signedIn.body())
                .get("access_token").asText();
        return this;
    }

    public HttpResponse<String> signIn(String username, String password) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + "/api/auth/token")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\": \"" + username + "\", \"password\": \"" + password + "\"}")),
                null);
    }

    /** Any request, with the given {@code Authorization} header (none if null). */
    public HttpResponse<String> send(HttpRequest.Builder request, String authorization) throws Exception {
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    public String url(String path) {
        return baseUrl + path;
    }

    public <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    public Object bean(String name) {
        return context.getBean(name);
    }

    public HttpResponse<String> post(String path, String json) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)), authorization);
    }

    public HttpResponse<String> post(String path) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).POST(HttpRequest.BodyPublishers.noBody()), authorization);
    }

    public HttpResponse<String> get(String path) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).GET(), authorization);
    }

    @Override
    public void close() {
        context.close();
    }
}
