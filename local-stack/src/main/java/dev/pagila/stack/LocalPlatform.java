package dev.pagila.stack;

import dev.pagila.infra.dynamodb.DynamoDbClients;
import dev.pagila.client.ApiSession;
import dev.pagila.infra.pagila.PagilaSample;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The whole platform on one machine: embedded PostgreSQL 16, Redis and DynamoDB Local in this JVM, the
 * command and query apps as child processes pointed at them through environment variables only (the apps
 * cannot tell this world from docker-compose or AWS). Closing it stops the apps, then the stores.
 */
public final class LocalPlatform implements AutoCloseable {

    private static final Duration STARTUP_TIMEOUT = Duration.ofMinutes(3);
    /** The query side starts once a first start's bulk fill is done, so it may take as long as a catch-up. */
    private static final Duration QUERY_SIDE_STARTUP_TIMEOUT = Duration.ofMinutes(25);
    private static final Duration CATCH_UP_TIMEOUT = Duration.ofMinutes(25);
    public static final String LEGACY_DATABASE = "pagila_legacy";

    private final LocalPlatformOptions options;
    private EmbeddedStack stack;
    private AppFleet commandSides;
    private AppFleet querySides;
    private LoadBalancer balancer;

    private boolean closing;
    private ApiSession operator;

    private synchronized boolean isClosing() {
        return closing;
    }

    private LocalPlatform(LocalPlatformOptions options) {
        this.options = options;
    }

    /**
     * Runs the platform until Ctrl-C or until an app stops by itself.
     *
     * @return the exit code: 0 after Ctrl-C, 1 when an app stopped unexpectedly, 2 when it could not start
     */
    public static int runUntilStopped(LocalPlatformOptions options) {
        java.util.concurrent.atomic.AtomicReference<LocalPlatform> starting = new java.util.concurrent.atomic.AtomicReference<>();
        // registered before anything starts, so Ctrl-C during the import or the catch-up stops the apps too
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LocalPlatform toStop = starting.get();
            if (toStop != null) {
                System.out.println("Stopping the local platform...");
                toStop.close();
                System.out.println("Stopped.");
            }
        }, "local-platform-shutdown"));
        LocalPlatform platform;
        try {
            platform = start(options, System.out::println, starting::set, legacy -> {
            });
        } catch (LocalStackException e) {
            if (starting.get() != null && starting.get().isClosing()) {
                return 0; // stopped while starting: the shutdown hook is stopping everything
            }
            System.err.println("run-local: " + e.getMessage());
            return 2;
        }
        platform.printReady();
        java.util.OptionalInt exit = platform.awaitAnAppExit();
        if (exit.isEmpty()) {
            return 0; // Ctrl-C or SIGTERM: the shutdown hook is stopping everything
        }
        System.err.println("run-local: an app stopped unexpectedly (exit code " + exit.getAsInt() + "); see its log under "
                + platform.options.dataDirectory().resolve("logs"));
        return 1;
    }

    public static LocalPlatform start(LocalPlatformOptions options, java.util.function.Consumer<String> progress) {
        return start(options, progress, legacy -> {
        });
    }

    /** @param prepareLegacy runs on the legacy database once the sample is loaded there and before it is imported */
    public static LocalPlatform start(LocalPlatformOptions options, java.util.function.Consumer<String> progress,
                               java.util.function.Consumer<DataSource> prepareLegacy) {
        return start(options, progress, created -> {
        }, prepareLegacy);
    }

    private static LocalPlatform start(LocalPlatformOptions options, java.util.function.Consumer<String> progress,
                                       java.util.function.Consumer<LocalPlatform> created,
                                       java.util.function.Consumer<DataSource> prepareLegacy) {
        Ports.requireFree(options.commandPort(), "command API", "--command-port");
        Ports.requireFree(options.queryPort(), "query API", "--query-port");
        Ports.requireFree(options.postgresPort(), "PostgreSQL", "--postgres-port");
        for (int port = options.redisPort(); port < options.redisPort() + (options.clustered() ? EmbeddedRedisCluster.NODES : 1); port++) {
            Ports.requireFree(port, "Redis", "--redis-port");
        }
        Ports.requireFree(options.dynamoDbPort(), "DynamoDB Local", "--dynamodb-port");
        for (Path jar : new Path[] {options.commandJar(), options.queryJar()}) {
            if (!Files.isRegularFile(jar)) {
                throw new LocalStackException(jar + " is missing: build with ./mvnw -DskipTests package (run-local does this)");
            }
        }
        if (options.wipe()) {
            progress.accept("Wiping " + options.dataDirectory());
            Directories.delete(options.dataDirectory());
        }
        LocalPlatform platform = new LocalPlatform(options);
        created.accept(platform);
        try {
            progress.accept("Starting PostgreSQL 16, Redis and DynamoDB Local (events in " + options.dataDirectory() + ")");
            // The read model lives on disk by default, so a restart projects only new events; in memory (an option)
            // or when its table is missing, the query side fills it from the first event through the bulk path.
            platform.stack = EmbeddedStack.start(options.endpoints(), options.dataDirectory(), options.readModelOnDisk(),
                    options.clustered());
            if (options.sample()) {
                platform.importSampleIntoEmptyEventStore(progress, prepareLegacy);
            }
            if (!platform.activeReadModelExists()) {
                platform.projectFromTheFirstEvent();
            }
            platform.startApps(progress);
            platform.reportStartFill(progress);
            platform.awaitReadModelCaughtUp(progress);
            return platform;
        } catch (RuntimeException e) {
            platform.close();
            throw e;
        }
    }

    /**
     * Both apps; with several instances, HAProxy in front of them, and the first instance of each started alone, so that
     * the first query-side instance fills an empty read model before the others start.
     */
    private void startApps(java.util.function.Consumer<String> progress) {
        String listening = options.bindAddress().getHostAddress();
        commandSides = commandFleet();
        querySides = queryFleet();
        if (options.clustered()) {
            progress.accept("Starting HAProxy on " + listening + " ports " + options.commandPort() + " (command API) and "
                    + options.queryPort() + " (query API), " + options.instances() + " instances of each app behind it");
            balancer = LoadBalancer.start(options.dataDirectory().resolve("haproxy"), options.bindAddress(),
                    new LoadBalancer.Backend(LoadBalancer.COMMAND, options.commandPort(), commandSides.ports(), "/actuator/health"),
                    // queries answer with PostgreSQL down: only what they need counts
                    new LoadBalancer.Backend(LoadBalancer.QUERY, options.queryPort(), querySides.ports(), "/actuator/health/serving"));
        } else {
            progress.accept("Starting the command side on " + listening + " port " + options.commandPort()
                    + " and the query side on port " + options.queryPort());
        }
        commandSides.start(0);
        querySides.start(0);
        commandSides.awaitHealthy(0, STARTUP_TIMEOUT);
        querySides.awaitHealthy(0, QUERY_SIDE_STARTUP_TIMEOUT);
        for (int i = 1; i < options.instances(); i++) {
            commandSides.start(i);
            querySides.start(i);
        }
        for (int i = 1; i < options.instances(); i++) {
            commandSides.awaitHealthy(i, STARTUP_TIMEOUT);
            querySides.awaitHealthy(i, QUERY_SIDE_STARTUP_TIMEOUT);
        }
        if (balancer != null) {
            for (int i = 0; i < options.instances(); i++) {
                balancer.putBack(LoadBalancer.COMMAND, i, STARTUP_TIMEOUT);
                balancer.putBack(LoadBalancer.QUERY, i, STARTUP_TIMEOUT);
            }
        }
    }

    /**
     * Whether the table the query side serves from (the configured one, or where a blue/green rebuild switched to)
     * is still in DynamoDB Local's data: if so the projections resume from their tokens.
     */
    private boolean activeReadModelExists() {
        String active = stack.endpoints().filmsTable();
        try (Connection connection = stack.adminDataSource().getConnection(); Statement statement = connection.createStatement();
             ResultSet pointer = statement.executeQuery("SELECT active_table FROM projections.read_model WHERE id = 1")) {
            if (pointer.next()) {
                active = pointer.getString(1);
            }
        } catch (SQLException e) {
            throw new LocalStackException("reading the read model's table failed: " + e.getMessage(), e);
        }
        if (stack.readModelCreated() && active.equals(stack.endpoints().filmsTable())) {
            return false;
        }
        try (DynamoDbClient dynamoDb = DynamoDbClients.create(stack.dynamoDbSettings())) {
            return dynamoDb.listTables().tableNames().contains(active);
        }
    }

    /**
     * An empty read model: the query side's processors start over, nothing parked refers to old items, and the
     * active table is the configured one again (a blue/green switch may have pointed elsewhere).
     */
    private void projectFromTheFirstEvent() {
        try (Connection connection = stack.adminDataSource().getConnection(); Statement statement = connection.createStatement()) {
            statement.executeUpdate("DELETE FROM projections.token_entry");
            statement.executeUpdate("DELETE FROM projections.dead_letter_entry");
            statement.executeUpdate("DELETE FROM projections.read_model"); // back to the configured table
        } catch (SQLException e) {
            throw new LocalStackException("resetting the projections failed: " + e.getMessage(), e);
        }
    }

    private void reportStartFill(java.util.function.Consumer<String> progress) {
        new ReadModelProgress(queryApi(), operator()).startFill().ifPresent(progress);
    }

    /** Waits until the query side has projected every event stored so far (after an import, a minute or so). */
    public void awaitReadModelCaughtUp(java.util.function.Consumer<String> progress) {
        new ReadModelProgress(queryApi(), operator()).awaitCaughtUp(CATCH_UP_TIMEOUT, progress);
    }

    /** Known before the command side runs: it is told its own address as the tokens' issuer. */
    public String commandApi() {
        return "http://" + options.apiHost() + ":" + options.commandPort();
    }

    public String queryApi() {
        return "http://" + options.apiHost() + ":" + options.queryPort();
    }

    public EmbeddedStack stack() {
        return stack;
    }

    public void stopQuerySide() {
        stopQuerySide(0);
    }

    /** Stops one query-side instance gracefully, out of the load balancer first when there is one. */
    public void stopQuerySide(int index) {
        if (balancer != null) {
            balancer.takeOut(LoadBalancer.QUERY, index, Duration.ofSeconds(30));
        }
        querySides.stop(index);
    }

    /** Kills the query side without letting it finish anything, as a crash would. */
    public void killQuerySide() throws InterruptedException {
        killQuerySide(0);
    }

    /** Kills one query-side instance (SIGKILL), as a crash would. */
    public void killQuerySide(int index) throws InterruptedException {
        querySides.kill(index);
    }

    /** Kills one command-side instance (SIGKILL), as a crash would. */
    public void killCommandSide(int index) throws InterruptedException {
        commandSides.kill(index);
    }

    /** Starts a stopped command-side instance again and waits until the load balancer sends it requests. */
    public void restartCommandSide(int index) {
        restart(commandSides, LoadBalancer.COMMAND, index, STARTUP_TIMEOUT);
    }

    /** Starts a stopped query-side instance again and waits until the load balancer sends it requests. */
    public void restartQuerySide(int index) {
        restart(querySides, LoadBalancer.QUERY, index, QUERY_SIDE_STARTUP_TIMEOUT);
    }

    /**
     * Restarts every instance of both apps as a deployment would: each app one instance at a time, the two apps side
     * by side (each is its own service). An instance is taken out of the load balancer and left to answer what it has,
     * stopped gracefully, started, and put back once healthy.
     */
    public void rollingRestart(java.util.function.Consumer<String> progress) {
        requireClustered();
        java.util.concurrent.CompletableFuture<Void> commandSide = java.util.concurrent.CompletableFuture.runAsync(
                () -> rollingRestart(commandSides, LoadBalancer.COMMAND, STARTUP_TIMEOUT, progress));
        rollingRestart(querySides, LoadBalancer.QUERY, QUERY_SIDE_STARTUP_TIMEOUT, progress);
        try {
            commandSide.join();
        } catch (java.util.concurrent.CompletionException e) {
            throw e.getCause() instanceof RuntimeException failure ? failure : e;
        }
    }

    private void rollingRestart(AppFleet fleet, String backend, Duration timeout, java.util.function.Consumer<String> progress) {
        for (int i = 0; i < fleet.size(); i++) {
            progress.accept("Restarting " + fleet.instanceName(i));
            balancer.takeOut(backend, i, Duration.ofSeconds(30));
            fleet.stop(i);
            restart(fleet, backend, i, timeout);
        }
    }

    private void restart(AppFleet fleet, String backend, int index, Duration timeout) {
        fleet.start(index);
        fleet.awaitHealthy(index, timeout);
        if (balancer != null) {
            balancer.putBack(backend, index, timeout);
        }
    }

    /** The name a query-side instance claims segments under, as {@code admin status} shows it. */
    public String querySideInstanceName(int index) {
        return querySides.instanceName(index);
    }

    /** What HAProxy says of an instance (UP, DOWN, MAINT): only with several instances. */
    public String loadBalancerStatus(boolean commandSide, int index) {
        requireClustered();
        return balancer.status(commandSide ? LoadBalancer.COMMAND : LoadBalancer.QUERY, index);
    }

    public int instances() {
        return options.instances();
    }

    private void requireClustered() {
        if (balancer == null) {
            throw new IllegalStateException("only a platform started with several instances has a load balancer");
        }
    }

    /**
     * Starts the query side and kills it the moment its log shows {@code line}, as a crash at that point would.
     *
     * @throws LocalStackException when the line does not show within {@code timeout}
     */
    public void startQuerySideAndKillAt(String line, Duration timeout) throws InterruptedException {
        querySides.start(0);
        killQuerySideAt(line, timeout);
    }

    /**
     * Kills the running query side the moment its log shows {@code line}, as a crash at that point would.
     *
     * @throws LocalStackException when the line does not show within {@code timeout}
     */
    public void killQuerySideAt(String line, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        AppProcess querySide = querySides.instance(0);
        while (!querySide.logShows(line)) {
            if (Instant.now().isAfter(deadline) || !querySide.isAlive()) {
                querySide.process().destroyForcibly().waitFor();
                throw new LocalStackException("the query side never logged '" + line + "'");
            }
            Thread.sleep(20);
        }
        killQuerySide();
    }

    /** Starts the query side again on the same stores, as an operator's restart would. */
    public void startQuerySide() {
        querySides.start(0);
        querySides.awaitHealthy(0, QUERY_SIDE_STARTUP_TIMEOUT);
        awaitReadModelCaughtUp(message -> { });
    }

    /**
     * First start: plays the shipped Pagila sample into a {@code pagila_legacy} database beside the event store
     * and imports it with the command side's own importer, so the quick start shows the real catalogue.
     */
    private void importSampleIntoEmptyEventStore(java.util.function.Consumer<String> progress,
                                                 java.util.function.Consumer<DataSource> prepareLegacy) {
        try (Connection admin = stack.adminDataSource().getConnection(); Statement statement = admin.createStatement();
             ResultSet events = statement.executeQuery("SELECT count(*) FROM events.domain_event_entry")) {
            events.next();
            if (events.getLong(1) > 0) {
                if (options.followLegacy() && !followsLegacy(statement)) {
                    throw new LocalStackException("--follow-legacy needs an event store imported from a replication slot's"
                            + " snapshot, and this one was imported without: start once with --wipe --follow-legacy");
                }
                return;
            }
        } catch (SQLException e) {
            throw new LocalStackException("reading the event store failed: " + e.getMessage(), e);
        }
        progress.accept("First start: importing the Pagila sample (skip with --no-sample)");
        DataSource legacy = stack.database(LEGACY_DATABASE);
        try (Connection connection = legacy.getConnection(); Statement statement = connection.createStatement();
             ResultSet loaded = statement.executeQuery("SELECT count(*) FROM pg_tables WHERE tablename = 'rental'")) {
            loaded.next();
            if (loaded.getLong(1) == 0) {
                PagilaSample.load(legacy);
                prepareLegacy.accept(legacy);
            }
        } catch (SQLException e) {
            throw new LocalStackException("loading the Pagila sample failed: " + e.getMessage(), e);
        }
        List<String> importArguments = new ArrayList<>(List.of("import", "--source-url=" + legacyJdbcUrl(), "--source-user=postgres"));
        if (options.followLegacy()) {
            importArguments.add("--follow");
        }
        AppProcess.runToCompletion("import", options.commandJar(), Map.of("SPRING_DATASOURCE_URL", stack.endpoints().jdbcUrl()),
                importArguments.toArray(String[]::new));
    }

    private static boolean followsLegacy(Statement statement) throws SQLException {
        try (ResultSet migration = statement.executeQuery("SELECT count(*) FROM migration.system_of_record")) {
            migration.next();
            return migration.getLong(1) > 0;
        }
    }

    private String legacyJdbcUrl() {
        return "jdbc:postgresql://localhost:" + options.postgresPort() + "/" + LEGACY_DATABASE;
    }

    /** Alone on the command port, or several on loopback ports behind HAProxy. */
    private AppFleet commandFleet() {
        return new AppFleet("command-side", options.commandJar(), instanceAddress(), options.apiHost(), instancePorts(options.commandPort()),
                index -> {
                    Map<String, String> environment = new java.util.HashMap<>(Map.of("SPRING_DATASOURCE_URL", stack.endpoints().jdbcUrl(),
                            "PAGILA_SECURITY_ISSUER", commandApi(),
                            "PAGILA_SECURITY_OPERATOR_USERNAME", OperatorPassword.USERNAME,
                            "PAGILA_SECURITY_OPERATOR_PASSWORD", OperatorPassword.forDataDirectory(options.dataDirectory()),
                            // follows it only while a live migration (--follow-legacy) has not been cut over
                            "PAGILA_MIGRATION_SOURCE_URL", legacyJdbcUrl(),
                            "PAGILA_MIGRATION_SOURCE_USER", "postgres"));
                    if (options.clustered()) {
                        // the client's address as HAProxy forwards it, for the sign-in throttle (HAProxy is on loopback,
                        // which Tomcat trusts as a proxy; without one, the header is not believed)
                        environment.put("SERVER_FORWARD_HEADERS_STRATEGY", "native");
                    }
                    return environment;
                },
                options.dataDirectory().resolve("logs"));
    }

    private AppFleet queryFleet() {
        StackEndpoints endpoints = stack.endpoints();
        AppFleet[] fleet = new AppFleet[1];
        fleet[0] = new AppFleet("query-side", options.queryJar(), instanceAddress(), options.apiHost(), instancePorts(options.queryPort()),
                index -> {
                    Map<String, String> environment = new java.util.HashMap<>(Map.of(
                            "SPRING_DATASOURCE_URL", endpoints.jdbcUrl(),
                            "PAGILA_DYNAMODB_ENDPOINT", endpoints.dynamoDbEndpoint().toString(),
                            "PAGILA_DYNAMODB_TABLE", endpoints.filmsTable(),
                            "PAGILA_SECURITY_ISSUER", commandApi(),
                            "PAGILA_WARM_UP_ENABLED", Boolean.toString(options.warmUp()),
                            "PAGILA_INSTANCE_NAME", fleet[0].instanceName(index),
                            // DynamoDB Local on disk commits each request with an fsync: a bulk fill sends fewer, larger requests
                            "PAGILA_PROJECTIONS_BULK_REQUESTS", options.readModelOnDisk() ? "transact-write" : "batch-write"));
                    if (options.clustered()) {
                        environment.put("SPRING_DATA_REDIS_CLUSTER_NODES", String.join(",", stack.redisClusterNodes()));
                    } else {
                        environment.put("SPRING_DATA_REDIS_URL", endpoints.redisUrl());
                    }
                    return environment;
                },
                options.dataDirectory().resolve("logs"));
        return fleet[0];
    }

    /** The instances behind HAProxy listen on loopback only: clients reach them through it. */
    private InetAddress instanceAddress() {
        return options.clustered() ? LocalPlatformOptions.LOOPBACK : options.bindAddress();
    }

    private List<Integer> instancePorts(int apiPort) {
        if (!options.clustered()) {
            return List.of(apiPort);
        }
        List<Integer> ports = new ArrayList<>();
        for (int i = 0; i < options.instances(); i++) {
            ports.add(Ports.anyFree());
        }
        return ports;
    }

    /** Signed in as the operations account (role ADMIN), whose password the local run keeps in its data directory. */
    public synchronized ApiSession operator() {
        if (operator == null) {
            operator = new ApiSession(commandApi(), OperatorPassword.USERNAME, OperatorPassword.forDataDirectory(options.dataDirectory()));
        }
        return operator;
    }

    private void printReady() {
        System.out.println("""

                Pagila CQRS is up.
                  command API  %s/api/films
                  query API    %s/api/films/{id}
                  sign in      curl -s -X POST %s/api/auth/token -H 'Content-Type: application/json' \\
                                 -d '{"username": "Mike", "password": "12345"}'
                               Pagila's staff: Mike (Mike Hillyer, store 1) and Jon (Jon Stephens, store 2), both
                               managers, password 12345 until changed; send 'Authorization: Bearer <access_token>'
                  console      %s/console  (the operations console, in a browser)
                  admin        java -jar cli/target/pagila-exec.jar admin status
                               (both sign in as %s with the password in %s)
                  logs         %s
                %s%sPress Ctrl-C to stop everything.
                """.formatted(commandApi(), queryApi(), commandApi(), queryApi(), OperatorPassword.USERNAME,
                OperatorPassword.file(options.dataDirectory()), options.dataDirectory().resolve("logs"),
                options.clustered() ? """
                  cluster      %d instances of each app behind HAProxy (%s), the cache on a Redis Cluster
                               (%s)
                """.formatted(options.instances(), options.dataDirectory().resolve("haproxy").resolve("haproxy.cfg"),
                        String.join(" ", stack.redisClusterNodes())) : "",
                options.followLegacy() ? """
                  following    the monolith's database is the system of record: change it and watch the query API
                               psql -h localhost -p %d -U postgres %s
                               java -jar cli/target/pagila-exec.jar migrate status | cut-over
                """.formatted(options.postgresPort(), LEGACY_DATABASE) : ""));
    }

    /** @return the exit code of the app that stopped, or empty when the platform itself is being stopped */
    private java.util.OptionalInt awaitAnAppExit() {
        while (true) {
            synchronized (this) {
                if (closing) {
                    return java.util.OptionalInt.empty();
                }
                for (AppFleet fleet : new AppFleet[] {commandSides, querySides}) {
                    // with several instances, the platform goes on while any instance of each app runs
                    java.util.OptionalInt exit = fleet.anExit();
                    if (exit.isPresent() && (fleet.size() == 1 || fleet.allStopped())) {
                        return exit;
                    }
                }
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return java.util.OptionalInt.of(1);
            }
        }
    }

    @Override
    public synchronized void close() {
        closing = true;
        if (querySides != null) {
            querySides.close();
            querySides = null;
        }
        if (commandSides != null) {
            commandSides.close();
            commandSides = null;
        }
        if (balancer != null) {
            balancer.close();
            balancer = null;
        }
        if (stack != null) {
            stack.close();
            stack = null;
        }
    }
}
