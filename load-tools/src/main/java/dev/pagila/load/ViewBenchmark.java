package dev.pagila.load;

import dev.pagila.client.ApiRequest;
import dev.pagila.client.ApiResponse;
import dev.pagila.client.ApiSession;
import dev.pagila.client.answer.CustomerBalance;
import dev.pagila.client.answer.FilmStock;
import dev.pagila.stack.Directories;
import dev.pagila.stack.LocalPlatform;
import dev.pagila.stack.LocalPlatformOptions;
import dev.pagila.stack.LocalStackException;

import javax.sql.DataSource;
import java.io.File;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static dev.pagila.load.BenchmarkSupport.mergeSorted;
import static dev.pagila.load.BenchmarkSupport.percentileMillis;

/**
 * Pagila's views as our query API answers them and as the monolith's SQL answers them, in one run on a platform this
 * tool starts itself (Redis starts empty, and nothing asks a view before the first pass):
 * <ol>
 *   <li>the query side is restarted, and as soon as the platform reports it up every view is loaded with {@code wrk}
 *   for {@code --seconds} in turn: its first minute;</li>
 *   <li>the same again, warm;</li>
 *   <li>the same questions as SQL on the {@code pagila_legacy} database of the same PostgreSQL server, loaded with
 *   {@code pgbench -M prepared} with the same connections;</li>
 *   <li>the app's HTTP floor, {@code GET /actuator/info}.</li>
 * </ol>
 * Ids are random within the sample's ranges, read from its data. Both load generators run outside this JVM, so the
 * table shows the CPU they used (they share the machine with what they measure).
 * <pre>java -jar cli/target/pagila-exec.jar bench-views [--seconds=8] [--connections=16] [--data-dir=DIR]</pre>
 */
public final class ViewBenchmark {

    private static final String TOOL = "bench-views";
    /** The query side's business zone as the local run configures it: late days and months are counted in it. */
    private static final ZoneId ZONE = ZoneId.of("Europe/London");
    /** The rewards thresholds the parity check's steady-customer call uses: seven payments, twenty dollars. */
    private static final int REWARD_MIN_PURCHASES = 7;
    private static final String REWARD_MIN_AMOUNT = "20.00";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{(\\w+)}");

    private final Settings settings;
    private final Path scripts;

    private ViewBenchmark(Settings settings, Path scripts) {
        this.settings = settings;
        this.scripts = scripts;
    }

    record Settings(int connections, int threads, int seconds, int pageSize, Instant balanceAt, YearMonth rewardsMonth,
                    int rentals, Path dataDirectory, int commandPort, int queryPort, int postgresPort, int redisPort, int dynamoDbPort) {

        String command() {
            return "java -jar cli/target/pagila-exec.jar " + TOOL + " --connections=" + connections + " --threads=" + threads
                    + " --seconds=" + seconds + " --page-size=" + pageSize + " --balance-at=" + balanceAt + " --rewards-month="
                    + rewardsMonth + " --rentals=" + rentals + " --data-dir=" + dataDirectory + " --command-port=" + commandPort + " --query-port="
                    + queryPort + " --postgres-port=" + postgresPort + " --redis-port=" + redisPort + " --dynamodb-port=" + dynamoDbPort;
        }
    }

    /**
     * How an answer is compared with the monolith's: as one row (a detail), by its rows (a list), by the copies it lists,
     * or by the amount it states.
     */
    private enum Shape { ONE, ROWS, COPIES, AMOUNT }

    /**
     * One question: our path and the monolith's SQL, both with {@code {name}} / {@code :name} for the random ids
     * (film, actor, customer, category, store), drawn from the same ranges.
     */
    private record View(String name, String path, String sql, Shape shape, boolean signedIn) {

        List<String> variables() {
            List<String> names = new ArrayList<>();
            for (Matcher placeholder = PLACEHOLDER.matcher(path); placeholder.find(); ) {
                names.add(placeholder.group(1));
            }
            return names;
        }
    }

    /** One load: throughput, 99th percentile, requests that failed, and the load generator's CPU per wall second. */
    private record Measurement(double perSecond, double p99Millis, long errors, String errorDetail, double generatorCores) {

        String cell() {
            return String.format("%,9.0f (%7.2f)%s", perSecond, p99Millis, errors > 0 ? "*" : " ");
        }
    }

    @picocli.CommandLine.Command(name = TOOL, mixinStandardHelpOptions = true, sortOptions = false,
            description = "Pagila's views through the query API in its first minute after a restart and warm, beside the"
                    + " monolith's SQL for the same questions on the same PostgreSQL server and the app's HTTP floor, in one run"
                    + " on the embedded local stack, which this command starts. Loads with wrk and pgbench, which must be installed.")
    public static final class Command implements java.util.concurrent.Callable<Integer> {

        @picocli.CommandLine.Option(names = "--connections", paramLabel = "<n>", defaultValue = "16",
                description = "connections of wrk and of pgbench (default ${DEFAULT-VALUE})")
        int connections;

        @picocli.CommandLine.Option(names = "--threads", paramLabel = "<n>", defaultValue = "2",
                description = "threads of wrk and of pgbench (default ${DEFAULT-VALUE})")
        int threads;

        @picocli.CommandLine.Option(names = "--seconds", paramLabel = "<n>", defaultValue = "8",
                description = "seconds per view and pass; nine views make the first pass about the first minute (default"
                        + " ${DEFAULT-VALUE}, at most 600: a staff token lives 15 minutes)")
        int seconds;

        @picocli.CommandLine.Option(names = "--page-size", paramLabel = "<n>", defaultValue = "50",
                description = "rows of the film list and customer list pages, ours and the monolith's (default ${DEFAULT-VALUE})")
        int pageSize;

        @picocli.CommandLine.Option(names = "--balance-at", paramLabel = "<instant>", defaultValue = "2022-08-01T00:00:00Z",
                description = "the instant of the customer balances, within the sample's rentals (default ${DEFAULT-VALUE})")
        Instant balanceAt;

        @picocli.CommandLine.Option(names = "--rewards-month", paramLabel = "<yyyy-MM>", defaultValue = "2022-07",
                description = "the month of the rewards report, within the sample's payments (default ${DEFAULT-VALUE})")
        YearMonth rewardsMonth;

        @picocli.CommandLine.Option(names = "--rentals", paramLabel = "<n>", defaultValue = "10000",
                description = "then rent this many fresh copies through the command API and the monolith's SQL, as"
                        + " bench-rentals does, to show commands keep their speed beside the reads (0: skip; default ${DEFAULT-VALUE})")
        int rentals;

        @picocli.CommandLine.Option(names = "--data-dir", paramLabel = "<dir>", defaultValue = "target/bench-views",
                description = "where the stores keep their data; reused, so the sample is imported once (default ${DEFAULT-VALUE})")
        Path dataDirectory;

        @picocli.CommandLine.Option(names = "--command-port", paramLabel = "<port>", defaultValue = "8080",
                description = "command API (default ${DEFAULT-VALUE})")
        int commandPort;

        @picocli.CommandLine.Option(names = "--query-port", paramLabel = "<port>", defaultValue = "8081",
                description = "query API (default ${DEFAULT-VALUE})")
        int queryPort;

        @picocli.CommandLine.Option(names = "--postgres-port", paramLabel = "<port>", defaultValue = "15432",
                description = "embedded PostgreSQL, the monolith's database too (default ${DEFAULT-VALUE})")
        int postgresPort;

        @picocli.CommandLine.Option(names = "--redis-port", paramLabel = "<port>", defaultValue = "16379",
                description = "embedded Redis (default ${DEFAULT-VALUE})")
        int redisPort;

        @picocli.CommandLine.Option(names = "--dynamodb-port", paramLabel = "<port>", defaultValue = "18000",
                description = "DynamoDB Local (default ${DEFAULT-VALUE})")
        int dynamoDbPort;

        @Override
        public Integer call() throws Exception {
            if (connections < 1 || threads < 1 || threads > connections || seconds < 1 || seconds > 600) {
                System.err.println(TOOL + ": --connections and --threads must be at least 1, --threads at most --connections,"
                        + " --seconds between 1 and 600");
                return 2;
            }
            if (rentals < 0) {
                System.err.println(TOOL + ": --rentals must be 0 or more; got " + rentals);
                return 2;
            }
            if (pageSize < 1 || pageSize > 500) {
                System.err.println(TOOL + ": --page-size must be between 1 and 500, as the query API allows; got " + pageSize);
                return 2;
            }
            List<Integer> ports = List.of(commandPort, queryPort, postgresPort, redisPort, dynamoDbPort);
            if (ports.stream().anyMatch(port -> port < 1 || port > 65535) || ports.stream().distinct().count() < ports.size()) {
                System.err.println(TOOL + ": the five ports must be between 1 and 65535 and differ; got " + ports);
                return 2;
            }
            String missing = missingLoadGenerator();
            if (missing != null) {
                System.err.println(TOOL + ": " + missing);
                return 2;
            }
            Settings settings = new Settings(connections, threads, seconds, pageSize, balanceAt, rewardsMonth, rentals,
                    dataDirectory.toAbsolutePath().normalize(), commandPort, queryPort, postgresPort, redisPort, dynamoDbPort);
            Path scripts = Files.createTempDirectory("pagila-bench-views");
            try {
                new ViewBenchmark(settings, scripts).run();
                return 0; // the command line exits the JVM: DynamoDB Local leaves non-daemon threads behind
            } catch (LocalStackException | ApiSession.SignInException e) {
                System.err.println(TOOL + ": " + e.getMessage());
                return 2;
            } finally {
                Directories.delete(scripts);
            }
        }
    }

    /** The first of bash, wrk and pgbench not on the PATH, as the line to tell the user; null when all are there. */
    private static String missingLoadGenerator() {
        Map<String, String> packages = new LinkedHashMap<>();
        packages.put("bash", "bash");
        packages.put("wrk", "wrk");
        packages.put("pgbench", "postgresql-client");
        String path = System.getenv().getOrDefault("PATH", "");
        for (Map.Entry<String, String> program : packages.entrySet()) {
            boolean found = Stream.of(path.split(File.pathSeparator)).filter(directory -> !directory.isEmpty())
                    .anyMatch(directory -> Files.isExecutable(Path.of(directory, program.getKey())));
            if (!found) {
                return program.getKey() + " is not on the PATH: install it (on Debian or Ubuntu: apt-get install "
                        + program.getValue() + ")";
            }
        }
        return null;
    }

    private void run() throws Exception {
        LocalPlatformOptions options = LocalPlatformOptions.defaults(Path.of("").toAbsolutePath())
                .withDataDirectory(settings.dataDirectory())
                .withPorts(settings.commandPort(), settings.queryPort(), settings.postgresPort(), settings.redisPort(),
                        settings.dynamoDbPort());
        System.out.printf("View benchmark: wrk and pgbench with %d connections on %d threads, %d s per view and pass; %d cores,"
                        + " Java %s%n", settings.connections(), settings.threads(), settings.seconds(),
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
        System.out.println("Reproduce: " + settings.command());
        System.out.println("Starting the local platform (the first start in a data directory imports the sample)...");
        try (LocalPlatform platform = LocalPlatform.start(options, message -> System.out.println("  " + message))) {
            // Ctrl-C or a kill stops the apps and the stores too, not only this JVM
            Runtime.getRuntime().addShutdownHook(new Thread(platform::close, TOOL + "-shutdown"));
            String legacyUrl = "jdbc:postgresql://localhost:" + settings.postgresPort() + "/" + LocalPlatform.LEGACY_DATABASE;
            DataSource legacy = platform.stack().database(LocalPlatform.LEGACY_DATABASE);
            Map<String, int[]> ranges = ranges(legacy);
            List<View> views = views();
            ApiSession staff = ApiSession.staff(platform.commandApi(), ApiSession.SAMPLE_STAFF);
            staff.authorization(); // signs in now: a wrong password fails before anything is measured
            System.out.println("PostgreSQL durability (one server: the event store and the monolith's database): "
                    + BenchmarkSupport.durability(legacyUrl, "postgres", ""));
            System.out.println("ids at random: " + describe(ranges) + "; balances at " + settings.balanceAt() + ", rewards for "
                    + settings.rewardsMonth() + " (more than " + REWARD_MIN_PURCHASES + " payments, more than $" + REWARD_MIN_AMOUNT
                    + "), business zone " + ZONE);

            System.out.println("Restarting the query side...");
            platform.stopQuerySide();
            platform.startQuerySide();
            long up = System.nanoTime();
            System.out.println("First minute after the query side is up: each view for " + settings.seconds() + " s");
            List<Measurement> first = new ArrayList<>();
            for (View view : views) {
                double at = (System.nanoTime() - up) / 1e9;
                Measurement measurement = wrk(platform.queryApi(), view, ranges, staff);
                first.add(measurement);
                System.out.printf("  +%5.1f s  %-34s %s%n", at, view.name(), measurement.cell());
            }
            System.out.println("Warm: each view again for " + settings.seconds() + " s");
            List<Measurement> warm = new ArrayList<>();
            for (View view : views) {
                Measurement measurement = wrk(platform.queryApi(), view, ranges, staff);
                warm.add(measurement);
                System.out.printf("  %-34s %s%n", view.name(), measurement.cell());
            }
            compareAnswers(platform.queryApi(), views, ranges, legacy, staff);
            System.out.println("Monolith: each view's SQL with pgbench -M prepared for " + settings.seconds() + " s");
            List<Measurement> monolith = new ArrayList<>();
            for (View view : views) {
                Measurement measurement = pgbench(view, ranges);
                monolith.add(measurement);
                System.out.printf("  %-34s %s%n", view.name(), measurement.cell());
            }
            View floorView = new View("HTTP floor: GET /actuator/info", "/actuator/info", null, Shape.ROWS, false);
            Measurement floor = wrk(platform.queryApi(), floorView, ranges, staff);
            printTable(views, first, warm, monolith, floorView, floor);
            if (settings.rentals() > 0) {
                // the command side has served nothing but a sign-in yet: its first pass is its first minute
                for (List<String> phases : List.of(List.of("ours-rent"), List.of("ours-rent", "monolith-rent"))) {
                    System.out.println();
                    System.out.println(phases.size() == 1 ? "Rentals, the command side's first pass after its start:"
                            : "Rentals again, the command side warm, beside the monolith's:");
                    RentalBenchmark.run(platform.commandApi(), ApiSession.SAMPLE_STAFF, platform.stack().endpoints().jdbcUrl(),
                            legacyUrl, settings.connections(), settings.rentals(), settings.seconds(), 4, phases);
                }
            }
        }
    }

    /** The nine questions, in the table's order; the monolith's SQL returns the same rows as our answer. */
    private List<View> views() {
        int page = settings.pageSize();
        long at = settings.balanceAt().getEpochSecond();
        // pgbench reads ':' followed by a word as a variable, even inside a literal: instants go in as epoch seconds
        long monthStart = settings.rewardsMonth().atDay(1).atStartOfDay(ZONE).toEpochSecond();
        long monthEnd = settings.rewardsMonth().plusMonths(1).atDay(1).atStartOfDay(ZONE).toEpochSecond();
        String zone = "'" + ZONE.getId() + "'";
        return List.of(
                new View("film detail", "/api/films/{film}", "SELECT * FROM film_list WHERE fid = :film", Shape.ONE, false),
                // our filter takes the category's id, film_list has its name: the monolith looks the name up
                new View("film list of a category, page 1", "/api/films?category={category}&limit=" + page,
                        "SELECT * FROM film_list WHERE category = (SELECT name FROM category WHERE category_id = :category)"
                                + " ORDER BY title LIMIT " + page, Shape.ROWS, false),
                new View("film in stock", "/api/films/{film}/in-stock?storeId={store}",
                        "SELECT * FROM film_in_stock(:film, :store)", Shape.COPIES, false),
                new View("actor_info", "/api/actors/{actor}", "SELECT * FROM actor_info WHERE actor_id = :actor", Shape.ONE, false),
                new View("customer_list, page 1", "/api/customers?limit=" + page,
                        "SELECT * FROM customer_list ORDER BY id LIMIT " + page, Shape.ROWS, true),
                // get_customer_balance itself fails on PostgreSQL (it calls MySQL's IF): its rule as the parity check
                // writes it, a dollar per whole late day in the business zone
                new View("customer balance", "/api/customers/{customer}/balance?at=" + settings.balanceAt(), """
                        SELECT coalesce((SELECT sum(f.rental_rate) + sum(CASE WHEN r.return_date IS NULL THEN 0 ELSE greatest(0,
                                   (r.return_date AT TIME ZONE %2$s)::date - (r.rental_date AT TIME ZONE %2$s)::date
                                   - f.rental_duration) END)
                               FROM rental r JOIN inventory i ON i.inventory_id = r.inventory_id JOIN film f ON f.film_id = i.film_id
                               WHERE r.customer_id = :customer AND r.rental_date <= to_timestamp(%1$d)), 0)
                             - coalesce((SELECT sum(p.amount) FROM payment p
                               WHERE p.customer_id = :customer AND p.payment_date <= to_timestamp(%1$d)), 0) AS balance"""
                        .formatted(at, zone), Shape.AMOUNT, true),
                new View("sales_by_store", "/api/reports/sales-by-store", "SELECT * FROM sales_by_store", Shape.ROWS, true),
                new View("sales_by_film_category", "/api/reports/sales-by-film-category", "SELECT * FROM sales_by_film_category",
                        Shape.ROWS, true),
                // rewards_report only looks at the month three months before today: its rule for the month asked,
                // as the parity check compares it, with the month as a range the payment partitions can be pruned by
                new View("rewards " + settings.rewardsMonth(), "/api/reports/rewards?month=" + settings.rewardsMonth()
                        + "&minPurchases=" + REWARD_MIN_PURCHASES + "&minAmount=" + REWARD_MIN_AMOUNT, """
                        SELECT c.customer_id, c.first_name, c.last_name, c.email, c.store_id, c.activebool, t.purchases, t.amount
                        FROM (SELECT customer_id, count(*) AS purchases, sum(amount) AS amount FROM payment
                              WHERE payment_date >= to_timestamp(%d) AND payment_date < to_timestamp(%d)
                              GROUP BY customer_id HAVING count(*) > %d AND sum(amount) > %s) t
                        JOIN customer c ON c.customer_id = t.customer_id ORDER BY c.customer_id"""
                        .formatted(monthStart, monthEnd, REWARD_MIN_PURCHASES, REWARD_MIN_AMOUNT), Shape.ROWS, true));
    }

    /** Each kind of id's range in the sample (ids named by their table), so that both sides are asked for ids that exist. */
    private static Map<String, int[]> ranges(DataSource legacy) {
        Map<String, int[]> ranges = new LinkedHashMap<>();
        try (Connection connection = legacy.getConnection(); Statement statement = connection.createStatement()) {
            for (String table : List.of("film", "actor", "customer", "category", "store")) {
                try (ResultSet range = statement.executeQuery("SELECT min(%1$s_id), max(%1$s_id) FROM %1$s".formatted(table))) {
                    range.next();
                    if (range.getObject(1) == null) {
                        throw new LocalStackException("the monolith's " + table + " table is empty: start with a new --data-dir");
                    }
                    ranges.put(table, new int[] {range.getInt(1), range.getInt(2)});
                }
            }
        } catch (SQLException e) {
            throw new LocalStackException("reading the sample's ids from " + LocalPlatform.LEGACY_DATABASE + " failed: "
                    + e.getMessage() + " (a data directory without the sample? start with a new --data-dir)", e);
        }
        return ranges;
    }

    private static String describe(Map<String, int[]> ranges) {
        List<String> parts = new ArrayList<>();
        ranges.forEach((kind, range) -> parts.add(kind + " " + range[0] + ".." + range[1]));
        return String.join(", ", parts);
    }

    /** {@code wrk --latency} on our answer to {@code view}, its ids drawn by a Lua script. */
    private Measurement wrk(String queryApi, View view, Map<String, int[]> ranges, ApiSession staff) throws Exception {
        Path script = scripts.resolve("view.lua");
        Files.writeString(script, luaScript(view, ranges, view.signedIn() ? staff.authorization() : null));
        Generated run = generate(List.of("wrk", "--threads", Integer.toString(settings.threads()), "--connections",
                Integer.toString(settings.connections()), "--duration", settings.seconds() + "s", "--timeout", "30s",
                "--latency", "--script", script.toString(), queryApi));
        double perSecond = number(run.output(), "(?m)^Requests/sec:\\s+([\\d.]+)", "wrk's Requests/sec");
        Matcher p99 = Pattern.compile("(?m)^\\s+99%\\s+([\\d.]+)(us|ms|s|m)\\s*$").matcher(run.output());
        if (!p99.find()) {
            throw new LocalStackException("wrk printed no 99% latency:\n" + run.output());
        }
        double scale = switch (p99.group(2)) {
            case "us" -> 1e-3;
            case "ms" -> 1;
            case "s" -> 1e3;
            default -> 60e3;
        };
        long notOk = (long) numberOr(run.output(), "Non-2xx or 3xx responses: (\\d+)", 0);
        long socketErrors = 0;
        Matcher socket = Pattern.compile("Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)").matcher(run.output());
        if (socket.find()) {
            for (int group = 1; group <= 4; group++) {
                socketErrors += Long.parseLong(socket.group(group));
            }
        }
        // wrk's "Non-2xx or 3xx" counts statuses of 400 and above
        String detail = notOk + socketErrors == 0 ? null : notOk + " answers 4xx or 5xx, " + socketErrors + " socket errors";
        return new Measurement(perSecond, Double.parseDouble(p99.group(1)) * scale, notOk + socketErrors, detail,
                run.generatorCores());
    }

    /**
     * A script that draws each id at random, every thread its own sequence (wrk gives each thread its own Lua state,
     * all seeded alike); the token is in the script rather than on wrk's command line, which any user can read.
     */
    private static String luaScript(View view, Map<String, int[]> ranges, String authorization) {
        StringBuilder lua = new StringBuilder();
        if (authorization != null) {
            lua.append("wrk.headers[\"Authorization\"] = ").append(luaString(authorization)).append('\n');
        }
        lua.append("""
                local threads = 0
                function setup(thread)
                  threads = threads + 1
                  thread:set("seed", threads)
                end
                function init(args)
                  math.randomseed(os.time() * 1000 + seed)
                end
                request = function()
                """);
        for (String variable : view.variables()) {
            int[] range = ranges.get(variable);
            lua.append("  local ").append(variable).append(" = math.random(").append(range[0]).append(", ").append(range[1]).append(")\n");
        }
        List<String> parts = new ArrayList<>();
        Matcher placeholder = PLACEHOLDER.matcher(view.path());
        int from = 0;
        while (placeholder.find()) {
            parts.add(luaString(view.path().substring(from, placeholder.start())));
            parts.add(placeholder.group(1));
            from = placeholder.end();
        }
        parts.add(luaString(view.path().substring(from)));
        return lua.append("  return wrk.format(\"GET\", ").append(String.join(" .. ", parts)).append(")\nend\n").toString();
    }

    private static String luaString(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /**
     * {@code pgbench -M prepared} on the monolith's SQL for {@code view}, ids drawn with {@code \set}; the 99th
     * percentile from its per-transaction log (latency in microseconds, the third column).
     */
    private Measurement pgbench(View view, Map<String, int[]> ranges) throws Exception {
        Path script = scripts.resolve("view.sql");
        StringBuilder sql = new StringBuilder();
        for (String variable : view.variables()) {
            int[] range = ranges.get(variable);
            sql.append("\\set ").append(variable).append(" random(").append(range[0]).append(", ").append(range[1]).append(")\n");
        }
        Files.writeString(script, sql.append(view.sql()).append(";\n"));
        Path logs = Files.createDirectories(scripts.resolve("pgbench-log"));
        try {
            Generated run = generate(List.of("pgbench", "--no-vacuum", "--protocol=prepared", "--client="
                            + settings.connections(), "--jobs=" + settings.threads(), "--time=" + settings.seconds(),
                    "--file=" + script, "--log", "--log-prefix=" + logs.resolve("tx"), "--host=localhost", "--port="
                            + settings.postgresPort(), "--username=postgres", LocalPlatform.LEGACY_DATABASE));
            // pgbench before 15 also prints a tps including connection set-up: the other one is the one wanted
            double perSecond = number(run.output(), "tps = ([\\d.]+) \\((without initial connection time|excluding connections"
                    + " establishing)\\)", "pgbench's tps");
            long failed = (long) numberOr(run.output(), "number of failed transactions: (\\d+)", 0);
            List<long[]> latencies = new ArrayList<>();
            try (Stream<Path> files = Files.list(logs)) {
                for (Path log : files.toList()) {
                    try (Stream<String> lines = Files.lines(log)) {
                        // client, transaction, latency in µs (or "failed"), ...: the answered ones, in nanoseconds
                        latencies.add(lines.map(line -> line.split(" "))
                                .filter(columns -> columns.length > 2 && columns[2].chars().allMatch(Character::isDigit))
                                .mapToLong(columns -> Long.parseLong(columns[2]) * 1000).toArray());
                    }
                }
            }
            return new Measurement(perSecond, percentileMillis(mergeSorted(latencies), 99), failed,
                    failed == 0 ? null : failed + " failed transactions", run.generatorCores());
        } finally {
            Directories.delete(logs);
        }
    }

    /** A load generator's output, and the CPU it used (user and system, its threads included) per second of its run. */
    private record Generated(String output, double generatorCores) {
    }

    /**
     * Runs a load generator to its end under bash, whose {@code times} then prints its children's CPU: user and
     * system time of the finished generator, which the JVM cannot read for a child process.
     */
    private static Generated generate(List<String> command) throws IOException, InterruptedException {
        List<String> wrapped = new ArrayList<>(List.of("bash", "-c", "\"$@\"; status=$?; times; exit $status", "bash"));
        wrapped.addAll(command);
        long began = System.nanoTime();
        Process process = new ProcessBuilder(wrapped).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        int exit = process.waitFor();
        double wall = (System.nanoTime() - began) / 1e9;
        if (exit != 0) {
            throw new LocalStackException(command.get(0) + " failed with exit code " + exit + ":\n" + output.strip());
        }
        Matcher times = Pattern.compile("(?m)^(\\d+)m([\\d.]+)s (\\d+)m([\\d.]+)s$").matcher(output);
        double cpu = Double.NaN;
        while (times.find()) { // the second line is the children's
            cpu = Integer.parseInt(times.group(1)) * 60 + Double.parseDouble(times.group(2))
                    + Integer.parseInt(times.group(3)) * 60 + Double.parseDouble(times.group(4));
        }
        return new Generated(output, cpu / wall);
    }

    private static double number(String output, String regex, String what) {
        double value = numberOr(output, regex, Double.NaN);
        if (Double.isNaN(value)) {
            throw new LocalStackException("no " + what + " in the output:\n" + output.strip());
        }
        return value;
    }

    private static double numberOr(String output, String regex, double otherwise) {
        Matcher matcher = Pattern.compile(regex).matcher(output);
        return matcher.find() ? Double.parseDouble(matcher.group(1)) : otherwise;
    }

    /**
     * One question per view with the ids in the middle of their ranges, asked of both sides: the rows (or copies,
     * or the amount) must agree, or the comparison is not of the same answer.
     */
    private void compareAnswers(String queryApi, List<View> views, Map<String, int[]> ranges, DataSource legacy,
                                ApiSession staff) throws Exception {
        System.out.println("The same question of both sides, ids in the middle of their ranges:");
        try (Connection connection = legacy.getConnection(); Statement statement = connection.createStatement()) {
            for (View view : views) {
                String path = view.path();
                String sql = view.sql();
                List<String> asked = new ArrayList<>();
                for (String variable : view.variables()) {
                    int[] range = ranges.get(variable);
                    String middle = Integer.toString((range[0] + range[1]) / 2);
                    path = path.replace("{" + variable + "}", middle);
                    sql = sql.replaceAll("(?<!:):" + variable + "\\b", middle);
                    asked.add(variable + " " + middle);
                }
                ApiRequest request = ApiRequest.get(queryApi + path);
                ApiResponse answer = view.signedIn() ? staff.send(request) : staff.client().send(request);
                String ours = answer.status() != 200 ? "HTTP " + answer.status() : summary(view.shape(), answer);
                String theirs;
                try (ResultSet rows = statement.executeQuery(sql)) {
                    theirs = summary(view.shape(), rows);
                }
                System.out.printf("  %-34s %-26s ours %-18s monolith %-18s %s%n", view.name(), asked.isEmpty() ? "" : String.join(", ", asked),
                        ours, theirs, ours.equals(theirs) ? "same" : "DIFFERENT");
            }
        }
    }

    private static String summary(Shape shape, ApiResponse answer) {
        return switch (shape) {
            case ONE -> rows(1);
            case ROWS -> rows(answer.pageOf(Object.class).items().size());
            case COPIES -> rows(answer.as(FilmStock.class).count());
            case AMOUNT -> {
                BigDecimal balance = answer.as(CustomerBalance.class).balance();
                yield dollars(balance == null ? BigDecimal.ZERO : balance);
            }
        };
    }

    private static String summary(Shape shape, ResultSet rows) throws SQLException {
        if (shape == Shape.AMOUNT) {
            rows.next();
            return dollars(rows.getBigDecimal(1));
        }
        int count = 0;
        while (rows.next()) {
            count++;
        }
        return rows(count);
    }

    /** To the cent: the API may state an amount with fewer decimals than the SQL does. */
    private static String dollars(BigDecimal amount) {
        return "$" + amount.setScale(2, RoundingMode.HALF_UP).toPlainString();
    }

    private static String rows(int count) {
        return count + (count == 1 ? " row" : " rows");
    }

    private void printTable(List<View> views, List<Measurement> first, List<Measurement> warm, List<Measurement> monolith,
                            View floorView, Measurement floor) {
        String header = "%-34s %-20s %-20s %-20s %10s   %s%n";
        System.out.println();
        System.out.printf(header, "view", "first minute: ours", "warm: ours", "monolith (pgbench)", "warm ratio", "load generator CPU");
        System.out.printf(header, "", "req/s (p99 ms)", "req/s (p99 ms)", "tx/s (p99 ms)", "ours/mono", "first / warm / monolith");
        List<String> errors = new ArrayList<>();
        for (int index = 0; index < views.size(); index++) {
            View view = views.get(index);
            System.out.printf("%-34s %s %s %s %10.2f   %.2f / %.2f / %.2f%n", view.name(), first.get(index).cell(), warm.get(index).cell(),
                    monolith.get(index).cell(), warm.get(index).perSecond() / monolith.get(index).perSecond(),
                    first.get(index).generatorCores(), warm.get(index).generatorCores(), monolith.get(index).generatorCores());
            note(errors, view.name() + ", first minute", first.get(index));
            note(errors, view.name() + ", warm", warm.get(index));
            note(errors, view.name() + ", monolith", monolith.get(index));
        }
        System.out.printf("%-34s %-20s %s %-20s %10s   %-4s / %.2f / -%n", floorView.name(), "", floor.cell(), "", "", "-",
                floor.generatorCores());
        note(errors, floorView.name(), floor);
        errors.forEach(error -> System.out.println("* " + error));
        System.out.println();
        System.out.println("first minute / warm (ours):");
        for (int index = 0; index < views.size(); index++) {
            System.out.printf("  %-34s %5.0f %%%n", views.get(index).name(), 100 * first.get(index).perSecond() / warm.get(index).perSecond());
        }
        System.out.println("(load generator CPU: CPU seconds per wall second of wrk or pgbench, on the cores the platform uses too)");
    }

    private static void note(List<String> errors, String what, Measurement measurement) {
        if (measurement.errorDetail() != null) {
            errors.add(what + ": " + measurement.errorDetail());
        }
    }

}
