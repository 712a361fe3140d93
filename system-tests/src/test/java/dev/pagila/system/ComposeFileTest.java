package dev.pagila.system;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * docker-compose.yml as compose reads it, where no Docker engine runs: its values interpolated with compose's rules
 * ({@code ${VAR:?message}} refuses a variable unset or empty, {@code ${VAR:-default}} falls back, {@code $$} is a
 * dollar), then its services read. It refuses to start without its secrets, publishes nothing beyond this machine,
 * and gives Redis a password that the query side, its one client, logs in with. It has the shape of a cluster: two
 * replicas of each app behind one HAProxy (its configuration, deploy/haproxy/haproxy.cfg, read here as sections of
 * lines), which alone publishes the APIs, and a Redis Cluster of six nodes that a one-shot job forms before the query
 * side starts.
 */
class ComposeFileTest {

    private static final List<String> SECRETS = List.of("PAGILA_OPERATOR_PASSWORD", "PAGILA_POSTGRES_PASSWORD",
            "PAGILA_COMMAND_DB_PASSWORD", "PAGILA_QUERY_DB_PASSWORD", "PAGILA_REDIS_PASSWORD");
    private static final Pattern REFERENCE = Pattern.compile(
            "\\$\\$|\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?}|\\$([A-Za-z_][A-Za-z0-9_]*)");

    private static final String LOAD_BALANCER = "load-balancer";
    private static final List<String> REDIS_NODES = IntStream.rangeClosed(1, 6).mapToObj(n -> "redis-" + n).toList();

    private static Object compose;

    @BeforeAll
    static void readTheComposeFile() throws IOException {
        compose = new Yaml().load(Files.readString(Path.of("..", "docker-compose.yml")));
    }

    @Test
    void refusesToStartWithoutAnyOneOfItsSecretsOrWithItEmpty() {
        for (String secret : SECRETS) {
            Map<String, String> environment = secrets();
            environment.remove(secret);
            assertThatThrownBy(() -> render(environment)).as("%s unset", secret).hasMessageContaining(secret);
            environment.put(secret, "");
            assertThatThrownBy(() -> render(environment)).as("%s empty", secret).hasMessageContaining(secret);
        }
        assertThatCode(() -> render(secrets())).doesNotThrowAnyException();
    }

    @Test
    void everyPasswordIsARequiredVariableWithNoDefault() {
        List<String> passwordSettings = new ArrayList<>();
        services(compose).forEach((name, service) -> environment(service).forEach((key, value) -> {
            if (key.contains("PASSWORD")) {
                passwordSettings.add(name + "." + key);
                assertThat(value).as("%s.%s is a variable, never a value written here", name, key).matches("\\$\\{[^}]+}");
            }
        }));
        assertThat(passwordSettings).contains("postgres.POSTGRES_PASSWORD", "migrate.FLYWAY_PASSWORD",
                "migrate.FLYWAY_PLACEHOLDERS_COMMANDPASSWORD", "migrate.FLYWAY_PLACEHOLDERS_QUERYPASSWORD",
                "command-side.SPRING_DATASOURCE_PASSWORD", "command-side.PAGILA_SECURITY_OPERATOR_PASSWORD",
                "query-side.SPRING_DATASOURCE_PASSWORD", "query-side.SPRING_DATA_REDIS_PASSWORD");

        List<String> referenced = new ArrayList<>();
        eachString(compose, text -> {
            Matcher reference = REFERENCE.matcher(text);
            while (reference.find()) {
                String variable = reference.group(1) != null ? reference.group(1) : reference.group(4);
                if (variable == null || !variable.contains("PASSWORD")) {
                    continue;
                }
                referenced.add(variable);
                String operator = reference.group(2) == null ? "" : reference.group(2);
                String fallback = reference.group(3) == null ? "" : reference.group(3);
                if (SECRETS.contains(variable)) {
                    assertThat(operator).as("%s is required: %s", variable, reference.group()).isEqualTo(":?");
                } else {
                    // an optional password (a live migration's source) is empty unless given: never a default value
                    assertThat(operator.equals(":?") || operator.equals(":-") && fallback.isEmpty())
                            .as("%s is required or empty unless given: %s", variable, reference.group()).isTrue();
                }
            }
        });
        assertThat(referenced).containsAll(SECRETS);
    }

    @Test
    void everyPublishedPortIsBoundToLoopback() {
        List<String> published = new ArrayList<>();
        services(render(secrets())).forEach((name, service) -> {
            assertThat(service.get("network_mode")).as("%s shares the host's network", name).isNotEqualTo("host");
            for (Object port : list(service.get("ports"))) {
                String binding = port instanceof Map<?, ?> longSyntax
                        ? longSyntax.get("host_ip") + ":" + longSyntax.get("published") + ":" + longSyntax.get("target")
                        : String.valueOf(port);
                published.add(name + " " + binding);
                assertThat(binding).as("%s publishes %s", name, port).matches("127\\.0\\.0\\.1:\\d+:\\d+");
            }
        });
        assertThat(published).contains("postgres 127.0.0.1:5432:5432", "redis 127.0.0.1:6379:6379",
                "localstack 127.0.0.1:4566:4566", "load-balancer 127.0.0.1:8080:8080", "load-balancer 127.0.0.1:8081:8081");
    }

    @Test
    void redisRequiresAPasswordAndTheQuerySideItsOneClientLogsInWithIt() {
        Map<String, String> secrets = secrets();
        String password = secrets.get("PAGILA_REDIS_PASSWORD");
        Map<String, Map<String, Object>> services = services(render(secrets));

        for (String node : REDIS_NODES) {
            assertThat(command(services.get(node))).as(node).containsSubsequence("redis-server", "--requirepass", password)
                    .containsSubsequence("--masterauth", password);
        }
        assertThat(command(services.get("redis"))).containsSubsequence("redis-server", "--requirepass", password);
        // a URL would win over the password: Spring Boot then takes the credentials from the URL alone
        assertThat(environment(services.get("query-side"))).containsEntry("SPRING_DATA_REDIS_PASSWORD", password)
                .doesNotContainKey("SPRING_DATA_REDIS_URL");
        // the one that forms the cluster logs in through redis-cli's variable, never its command line
        assertThat(environment(services.get("redis-cluster-init"))).containsEntry("REDISCLI_AUTH", password);
        assertThat(command(services.get("redis-cluster-init"))).noneMatch(argument -> argument.contains(password));
        // the command side has no Redis client: it is given neither Redis's address nor its password
        assertThat(environment(services.get("command-side")).keySet()).noneMatch(key -> key.startsWith("SPRING_DATA_REDIS"));
        List<String> redisAndItsClients = new ArrayList<>(REDIS_NODES);
        redisAndItsClients.addAll(List.of("redis", "redis-cluster-init", "query-side"));
        services.forEach((name, service) -> {
            if (!redisAndItsClients.contains(name)) {
                assertThat(String.valueOf(service)).as("%s sees Redis's password", name).doesNotContain(password);
            }
        });
    }

    @Test
    void eachAppLogsInWithThePasswordItsRoleWasCreatedWith() {
        Map<String, String> secrets = secrets();
        Map<String, Map<String, Object>> services = services(render(secrets));
        Map<String, String> postgres = environment(services.get("postgres"));
        Map<String, String> migrate = environment(services.get("migrate"));
        Map<String, String> command = environment(services.get("command-side"));
        Map<String, String> query = environment(services.get("query-side"));

        assertThat(migrate).containsEntry("FLYWAY_USER", postgres.get("POSTGRES_USER"))
                .containsEntry("FLYWAY_PASSWORD", secrets.get("PAGILA_POSTGRES_PASSWORD"));
        assertThat(postgres).containsEntry("POSTGRES_PASSWORD", secrets.get("PAGILA_POSTGRES_PASSWORD"));
        assertThat(command).containsEntry("SPRING_DATASOURCE_USERNAME", migrate.get("FLYWAY_PLACEHOLDERS_COMMANDROLE"))
                .containsEntry("SPRING_DATASOURCE_PASSWORD", migrate.get("FLYWAY_PLACEHOLDERS_COMMANDPASSWORD"))
                .containsEntry("PAGILA_SECURITY_OPERATOR_PASSWORD", secrets.get("PAGILA_OPERATOR_PASSWORD"));
        assertThat(query).containsEntry("SPRING_DATASOURCE_USERNAME", migrate.get("FLYWAY_PLACEHOLDERS_QUERYROLE"))
                .containsEntry("SPRING_DATASOURCE_PASSWORD", migrate.get("FLYWAY_PLACEHOLDERS_QUERYPASSWORD"));
        assertThat(migrate.get("FLYWAY_PLACEHOLDERS_COMMANDPASSWORD")).isEqualTo(secrets.get("PAGILA_COMMAND_DB_PASSWORD"));
        assertThat(migrate.get("FLYWAY_PLACEHOLDERS_QUERYPASSWORD")).isEqualTo(secrets.get("PAGILA_QUERY_DB_PASSWORD"));
    }

    @Test
    void bothAppsRunTwoReplicasThatPublishNoPortAndHaveNoFixedName() {
        Map<String, Map<String, Object>> services = services(render(secrets()));
        for (String app : List.of("command-side", "query-side")) {
            Map<String, Object> service = services.get(app);
            assertThat(map(service.get("deploy"))).as("%s's deployment", app).containsEntry("replicas", 2);
            assertThat(service).as(app).doesNotContainKeys("ports", "container_name", "scale", "network_mode");
        }
        services.forEach((name, service) -> assertThat(service).as(name).doesNotContainKey("container_name"));
    }

    @Test
    void theLoadBalancerAlonePublishesTheApisOnLoopbackFromAConfigFileInTheRepository() throws IOException {
        Map<String, Map<String, Object>> services = services(render(secrets()));
        Map<String, Object> balancer = services.get(LOAD_BALANCER);

        assertThat(String.valueOf(balancer.get("image"))).as("a pinned HAProxy").matches("haproxy:\\d+\\.\\d+\\.\\d+");
        assertThat(list(balancer.get("ports")).stream().map(String::valueOf))
                .containsExactlyInAnyOrder("127.0.0.1:8080:8080", "127.0.0.1:8081:8081");
        services.forEach((name, service) -> {
            if (!name.equals(LOAD_BALANCER)) {
                assertThat(list(service.get("ports")).stream().map(String::valueOf))
                        .as("%s publishes an API port", name).noneMatch(port -> port.matches(".*:808[01]:\\d+"));
            }
        });
        String mount = list(balancer.get("volumes")).stream().map(String::valueOf)
                .filter(volume -> volume.contains(":/usr/local/etc/haproxy/haproxy.cfg")).findFirst().orElseThrow();
        assertThat(mount).as("mounted read-only").endsWith(":ro");
        assertThat(Path.of("..", mount.split(":")[0]).normalize()).isRegularFile().isEqualTo(HaproxyConfig.PATH.normalize());
        assertThat(HaproxyConfig.read().sections()).isNotEmpty();
    }

    @Test
    void theLoadBalancerSendsEachApiToItsAppsReplicasFoundThroughDockersDnsWhileTheirHealthAnswers200() throws IOException {
        HaproxyConfig haproxy = HaproxyConfig.read();
        Map<String, Map<String, Object>> services = services(render(secrets()));

        assertThat(haproxy.lines("resolvers docker")).contains("nameserver dns 127.0.0.11:53");
        Map<Integer, String> apps = Map.of(8080, "command-side", 8081, "query-side");
        // the query side's check leaves PostgreSQL out: its queries answer without it
        Map<Integer, String> healthPaths = Map.of(8080, "/actuator/health", 8081, "/actuator/health/serving");
        apps.forEach((port, app) -> {
            String backend = haproxy.backendBoundTo(port);
            List<String> lines = haproxy.lines("backend " + backend);
            assertThat(lines).as(backend).contains("option httpchk GET " + healthPaths.get(port), "http-check expect status 200")
                    .containsAnyOf("balance roundrobin", "balance leastconn");

            // server-template <prefix> <slots> <service>:<port> [params]: one slot per replica at least
            String[] template = lines.stream().filter(line -> line.startsWith("server-template ")).findFirst()
                    .orElseThrow(() -> new AssertionError(backend + " has no server-template")).split("\\s+");
            assertThat(template[3]).as("%s's replicas", backend).isEqualTo(app + ":" + port);
            int replicas = (Integer) map(services.get(app).get("deploy")).get("replicas");
            assertThat(Integer.parseInt(template[2])).as("%s's slots", backend).isGreaterThanOrEqualTo(replicas);
            // checked, and resolved through Docker's DNS, whether on the line or as every server's default
            List<String> serverParameters = new ArrayList<>(Arrays.asList(template).subList(4, template.length));
            haproxy.setting(backend, "default-server").ifPresent(line -> serverParameters.addAll(Arrays.asList(line.split("\\s+"))));
            assertThat(serverParameters).as("%s's servers", backend).contains("check").containsSubsequence("resolvers", "docker")
                    .containsSubsequence("init-addr", "none");
        });
        for (String backend : List.of(haproxy.backendBoundTo(8080), haproxy.backendBoundTo(8081))) {
            assertThat(haproxy.setting(backend, "option redispatch")).as("%s redispatches", backend).isPresent();
            assertThat(haproxy.setting(backend, "retries")).as("%s retries", backend).isPresent();
            // only a connection that failed is tried again: a command that reached an app may have been carried out
            assertThat(haproxy.setting(backend, "retry-on")).as("%s retries on", backend).hasValue("retry-on conn-failure");
        }
    }

    @Test
    void tokensAreIssuedAndCheckedAtTheCommandApisAddressOnTheLoadBalancer() throws IOException {
        Map<String, Map<String, Object>> services = services(render(secrets()));
        String issuer = environment(services.get("command-side")).get("PAGILA_SECURITY_ISSUER");

        assertThat(issuer).isEqualTo("http://" + LOAD_BALANCER + ":8080");
        assertThat(HaproxyConfig.read().backendBoundTo(8080)).isEqualTo("command_side");
        // the query side checks a token's issuer against the same value and fetches <issuer>/oauth2/jwks from it
        assertThat(environment(services.get("query-side"))).containsEntry("PAGILA_SECURITY_ISSUER", issuer);
        assertThat(map(services.get("query-side").get("depends_on"))).containsKey(LOAD_BALANCER);
    }

    @Test
    void sixRedisNodesRunInClusterModeWithAPasswordAndAnnounceNamesTheContainersResolve() {
        String password = secrets().get("PAGILA_REDIS_PASSWORD");
        Map<String, Map<String, Object>> services = services(render(secrets()));

        List<String> clusterNodes = services.entrySet().stream()
                .filter(service -> command(service.getValue()).contains("--cluster-enabled")).map(Map.Entry::getKey).toList();
        assertThat(clusterNodes).containsExactlyInAnyOrderElementsOf(REDIS_NODES);
        for (String node : REDIS_NODES) {
            Map<String, Object> service = services.get(node);
            List<String> command = command(service);
            assertThat(String.valueOf(service.get("image"))).as("%s: Redis 7, pinned", node).matches("redis:7\\.\\d+\\.\\d+");
            assertThat(command).as(node).containsSubsequence("redis-server", "--cluster-enabled", "yes")
                    .contains("--cluster-node-timeout")
                    .containsSubsequence("--cluster-announce-hostname", node)
                    .containsSubsequence("--cluster-preferred-endpoint-type", "hostname")
                    .containsSubsequence("--requirepass", password).containsSubsequence("--masterauth", password);
            assertThat(service).as("%s is reached inside the compose network only", node).doesNotContainKeys("ports", "profiles");
        }
    }

    @Test
    void theQuerySideStartsOnceAJobHasFormedTheClusterAndNamesExactlyItsNodes() throws IOException {
        Map<String, Map<String, Object>> services = services(render(secrets()));
        Map<String, Object> init = services.get("redis-cluster-init");
        Map<String, Object> query = services.get("query-side");

        assertThat(map(map(query.get("depends_on")).get("redis-cluster-init")))
                .containsEntry("condition", "service_completed_successfully");
        List<String> nodes = Arrays.asList(environment(query).get("SPRING_DATA_REDIS_CLUSTER_NODES").split(","));
        assertThat(nodes).containsExactlyInAnyOrderElementsOf(REDIS_NODES.stream().map(node -> node + ":6379").toList());
        assertThat(environment(query)).doesNotContainKeys("SPRING_DATA_REDIS_HOST", "SPRING_DATA_REDIS_PORT", "SPRING_DATA_REDIS_URL");

        // the job starts once every node answers, and is given exactly the nodes the query side is
        Map<String, Object> waitsFor = map(init.get("depends_on"));
        assertThat(waitsFor.keySet()).containsExactlyInAnyOrderElementsOf(REDIS_NODES);
        waitsFor.values().forEach(condition -> assertThat(map(condition)).containsEntry("condition", "service_healthy"));
        assertThat(command(init).stream().filter(argument -> argument.matches("redis-\\d+:\\d+")).toList())
                .containsExactlyElementsOf(nodes);
        assertThat(init).doesNotContainKeys("ports", "deploy");

        // its script, from the repository, forms three masters with a replica each without asking, once
        String mount = list(init.get("volumes")).stream().map(String::valueOf).filter(volume -> volume.endsWith(":ro"))
                .findFirst().orElseThrow();
        String[] parts = mount.split(":");
        assertThat(command(init)).contains(parts[1]);
        String script = Files.readString(Path.of("..", parts[0]));
        assertThat(script).contains("--cluster create", "--cluster-replicas 1", "--cluster-yes");
        // idempotent: a cluster that is already whole is left as it is
        assertThat(script).containsSubsequence("if whole \"$@\"; then", "exit 0", "--cluster create");
    }

    @Test
    void theSingleRedisIsForAnAppRunFromAnIdeAndStartsOnlyWhenNamed() {
        Map<String, Map<String, Object>> services = services(render(secrets()));
        assertThat(list(services.get("redis").get("profiles")).stream().map(String::valueOf)).containsExactly("ide");
        services.forEach((name, service) -> assertThat(map(service.get("depends_on"))).as(name).doesNotContainKey("redis"));
        services.forEach((name, service) -> assertThat(environment(service).values()).as(name)
                .noneMatch(value -> value != null && value.matches("(.*[,/])?redis(:\\d+)?([,/].*)?")));
    }

    /** A different value for every secret, so that each can be traced to where it arrives. */
    private static Map<String, String> secrets() {
        Map<String, String> secrets = new HashMap<>();
        SECRETS.forEach(name -> secrets.put(name, "value-of-" + name.toLowerCase()));
        return secrets;
    }

    /** The file's values interpolated from {@code environment} as compose does, or the error compose would stop with. */
    private static Object render(Map<String, String> environment) {
        return interpolate(compose, environment);
    }

    private static Object interpolate(Object node, Map<String, String> environment) {
        if (node instanceof Map<?, ?> map) {
            Map<Object, Object> rendered = new LinkedHashMap<>();
            map.forEach((key, value) -> rendered.put(key, interpolate(value, environment)));
            return rendered;
        }
        if (node instanceof List<?> list) {
            return list.stream().map(value -> interpolate(value, environment)).toList();
        }
        if (!(node instanceof String text)) {
            return node;
        }
        Matcher reference = REFERENCE.matcher(text);
        StringBuilder rendered = new StringBuilder();
        while (reference.find()) {
            reference.appendReplacement(rendered, Matcher.quoteReplacement(resolve(reference, environment)));
        }
        reference.appendTail(rendered);
        return rendered.toString();
    }

    private static String resolve(Matcher reference, Map<String, String> environment) {
        if (reference.group().equals("$$")) {
            return "$";
        }
        String variable = reference.group(1) != null ? reference.group(1) : reference.group(4);
        String value = environment.get(variable);
        String operator = reference.group(2);
        String word = reference.group(3);
        boolean unset = value == null;
        boolean unsetOrEmpty = unset || value.isEmpty();
        if (operator == null) {
            return unset ? "" : value;
        }
        return switch (operator) {
            case ":?" -> {
                if (unsetOrEmpty) {
                    throw new IllegalStateException("required variable " + variable + " is missing a value: " + word);
                }
                yield value;
            }
            case "?" -> {
                if (unset) {
                    throw new IllegalStateException("required variable " + variable + " is missing a value: " + word);
                }
                yield value;
            }
            case ":-" -> unsetOrEmpty ? word : value;
            default -> unset ? word : value;
        };
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> services(Object file) {
        return (Map<String, Map<String, Object>>) ((Map<String, Object>) file).get("services");
    }

    /** A service's environment, in either of compose's forms (a map, or a list of KEY=value). */
    private static Map<String, String> environment(Map<String, Object> service) {
        Map<String, String> environment = new LinkedHashMap<>();
        Object declared = service.get("environment");
        if (declared instanceof Map<?, ?> map) {
            map.forEach((key, value) -> environment.put(String.valueOf(key), value == null ? null : String.valueOf(value)));
        } else {
            for (Object entry : list(declared)) {
                String[] pair = String.valueOf(entry).split("=", 2);
                environment.put(pair[0], pair.length > 1 ? pair[1] : null);
            }
        }
        return environment;
    }

    private static List<?> list(Object value) {
        return value instanceof List<?> list ? list : List.of();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }

    /** A service's command as a list of arguments, in either of compose's forms (a list, or a string split on spaces). */
    private static List<String> command(Map<String, Object> service) {
        Object command = service.get("command");
        if (command instanceof String line) {
            return Arrays.asList(line.trim().split("\\s+"));
        }
        return list(command).stream().map(String::valueOf).toList();
    }

    /**
     * HAProxy's configuration as it reads it, minimally: sections (a line at the margin: {@code global},
     * {@code defaults}, {@code frontend <name>}, ...) of lines, each trimmed, comments and blank lines left out.
     */
    private record HaproxyConfig(Map<String, List<String>> sections) {

        static final Path PATH = Path.of("..", "deploy", "haproxy", "haproxy.cfg");
        private static final Pattern BIND_PORT = Pattern.compile("bind \\S*:(\\d+)(\\s.*)?");

        static HaproxyConfig read() throws IOException {
            Map<String, List<String>> sections = new LinkedHashMap<>();
            List<String> current = null;
            for (String raw : Files.readAllLines(PATH)) {
                String line = raw.replaceFirst("(^|\\s)#.*$", "").stripTrailing();
                if (line.isBlank()) {
                    continue;
                }
                if (!Character.isWhitespace(line.charAt(0))) {
                    current = new ArrayList<>();
                    sections.put(line.trim().replaceAll("\\s+", " "), current);
                } else if (current != null) {
                    current.add(line.trim().replaceAll("\\s+", " "));
                }
            }
            return new HaproxyConfig(sections);
        }

        List<String> lines(String section) {
            assertThat(sections).as("HAProxy's sections").containsKey(section);
            return sections.get(section);
        }

        /** The backend that the frontend bound to {@code port} sends its requests to. */
        String backendBoundTo(int port) {
            List<String> frontends = sections.entrySet().stream().filter(section -> section.getKey().startsWith("frontend "))
                    .filter(section -> section.getValue().stream().map(BIND_PORT::matcher)
                            .anyMatch(bind -> bind.matches() && Integer.parseInt(bind.group(1)) == port))
                    .map(Map.Entry::getKey).toList();
            assertThat(frontends).as("frontends bound to %d", port).hasSize(1);
            return lines(frontends.get(0)).stream().filter(line -> line.startsWith("default_backend "))
                    .map(line -> line.substring("default_backend ".length())).findFirst()
                    .orElseThrow(() -> new AssertionError(frontends.get(0) + " has no default_backend"));
        }

        /** A setting of a backend as it applies: the backend's own line, or else the defaults' (the last one wins). */
        Optional<String> setting(String backend, String keyword) {
            return Optional.ofNullable(last(lines("backend " + backend), keyword)).or(() -> sections.entrySet().stream()
                    .filter(section -> section.getKey().equals("defaults") || section.getKey().startsWith("defaults "))
                    .map(section -> last(section.getValue(), keyword)).filter(line -> line != null)
                    .reduce((first, second) -> second));
        }

        private static String last(List<String> lines, String keyword) {
            String found = null;
            for (String line : lines) {
                if (line.equals(keyword) || line.startsWith(keyword + " ")) {
                    found = line;
                }
            }
            return found;
        }
    }

    private static void eachString(Object node, Consumer<String> action) {
        if (node instanceof Map<?, ?> map) {
            map.values().forEach(value -> eachString(value, action));
        } else if (node instanceof List<?> list) {
            list.forEach(value -> eachString(value, action));
        } else if (node instanceof String text) {
            action.accept(text);
        }
    }
}
