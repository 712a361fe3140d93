package dev.pagila.system;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * docker-compose.yml as compose reads it, where no Docker engine runs: its values interpolated with compose's rules
 * ({@code ${VAR:?message}} refuses a variable unset or empty, {@code ${VAR:-default}} falls back, {@code $$} is a
 * dollar), then its services read. It refuses to start without its secrets, publishes nothing beyond this machine,
 * and gives Redis a password that the query side, its one client, logs in with.
 */
class ComposeFileTest {

    private static final List<String> SECRETS = List.of("PAGILA_OPERATOR_PASSWORD", "PAGILA_POSTGRES_PASSWORD",
            "PAGILA_COMMAND_DB_PASSWORD", "PAGILA_QUERY_DB_PASSWORD", "PAGILA_REDIS_PASSWORD");
    private static final Pattern REFERENCE = Pattern.compile(
            "\\$\\$|\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?}|\\$([A-Za-z_][A-Za-z0-9_]*)");

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
                "localstack 127.0.0.1:4566:4566", "command-side 127.0.0.1:8080:8080", "query-side 127.0.0.1:8081:8081");
    }

    @Test
    void redisRequiresAPasswordAndTheQuerySideItsOneClientLogsInWithIt() {
        Map<String, String> secrets = secrets();
        String password = secrets.get("PAGILA_REDIS_PASSWORD");
        Map<String, Map<String, Object>> services = services(render(secrets));

        List<String> redis = list(services.get("redis").get("command")).stream().map(String::valueOf).toList();
        assertThat(redis).containsSubsequence("redis-server", "--requirepass", password);
        // a URL would win over the password: Spring Boot then takes the credentials from the URL alone
        assertThat(environment(services.get("query-side"))).containsEntry("SPRING_DATA_REDIS_HOST", "redis")
                .containsEntry("SPRING_DATA_REDIS_PASSWORD", password).doesNotContainKey("SPRING_DATA_REDIS_URL");
        // the command side has no Redis client: it is given neither Redis's address nor its password
        assertThat(environment(services.get("command-side")).keySet()).noneMatch(key -> key.startsWith("SPRING_DATA_REDIS"));
        services.forEach((name, service) -> {
            if (!name.equals("redis") && !name.equals("query-side")) {
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
