package dev.pagila.query.config;

import dev.pagila.stack.Ports;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.data.redis.RedisAutoConfiguration;
import org.springframework.boot.test.context.ConfigDataApplicationContextInitializer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.data.redis.core.StringRedisTemplate;
import redis.embedded.RedisServer;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The query side's Redis connection as its application.yml and a deployment's environment make it: the password a
 * deployment gives (SPRING_DATA_REDIS_PASSWORD, as docker-compose does) reaches a Redis that requires one. A URL
 * among the defaults would silently replace it with the URL's own (none).
 */
class RedisPasswordTest {

    private static final String PASSWORD = "c0mpose-P@ss/word:%";

    private final int port = Ports.anyFree();
    private RedisServer redis;

    @BeforeEach
    void startRedisWithAPassword() throws IOException {
        redis = RedisServer.newRedisServer().bind("127.0.0.1").port(port).setting("save \"\"")
                .setting("requirepass " + PASSWORD).build();
        redis.start();
    }

    @AfterEach
    void stopRedis() throws IOException {
        redis.stop();
    }

    @Test
    void thePasswordFromTheEnvironmentReachesRedis() {
        querySideRedis().withPropertyValues("spring.data.redis.port=" + port, "spring.data.redis.password=" + PASSWORD)
                .run(context -> assertThat(ping(context)).isEqualTo("PONG"));
    }

    @Test
    void withoutThePasswordRedisRefusesTheQuerySide() {
        querySideRedis().withPropertyValues("spring.data.redis.port=" + port)
                .run(context -> assertThatThrownBy(() -> ping(context)).hasStackTraceContaining("NOAUTH"));
    }

    private static ApplicationContextRunner querySideRedis() {
        return new ApplicationContextRunner()
                .withInitializer(new ConfigDataApplicationContextInitializer())
                .withConfiguration(AutoConfigurations.of(RedisAutoConfiguration.class));
    }

    private static String ping(ApplicationContext context) {
        return context.getBean(StringRedisTemplate.class).execute(connection -> connection.ping(), true);
    }
}
