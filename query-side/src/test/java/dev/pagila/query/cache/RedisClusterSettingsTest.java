package dev.pagila.query.cache;

import dev.pagila.stack.EmbeddedRedisServer;
import dev.pagila.stack.Ports;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.data.redis.RedisAutoConfiguration;
import org.springframework.boot.test.context.ConfigDataApplicationContextInitializer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The query side's Redis connection as application.yml makes it: on a Redis Cluster (SPRING_DATA_REDIS_CLUSTER_NODES)
 * Lettuce refreshes its view of the masters, which it does not by default; on one Redis the same settings do nothing.
 */
class RedisClusterSettingsTest {

    @Test
    void onAClusterLettuceRefreshesItsViewPeriodicallyAndWhenRedirectedOrReconnecting() {
        querySideRedis().withPropertyValues("spring.data.redis.cluster.nodes=127.0.0.1:7001,127.0.0.1:7002,127.0.0.1:7003")
                .run(context -> {
                    LettuceConnectionFactory connections = context.getBean(LettuceConnectionFactory.class);
                    assertThat(connections.isClusterAware()).isTrue();
                    assertThat(connections.getClientConfiguration().getCommandTimeout()).isEqualTo(Duration.ofMillis(500));
                    assertThat(connections.getClientConfiguration().getClientOptions()).get()
                            .isInstanceOfSatisfying(ClusterClientOptions.class, options -> {
                                ClusterTopologyRefreshOptions refresh = options.getTopologyRefreshOptions();
                                assertThat(refresh.isPeriodicRefreshEnabled()).isTrue();
                                assertThat(refresh.getRefreshPeriod()).isEqualTo(Duration.ofSeconds(5));
                                assertThat(refresh.getAdaptiveRefreshTriggers()).isNotEmpty();
                            });
                });
    }

    @Test
    void onOneRedisTheClusterSettingsChangeNothing() {
        int port = Ports.anyFree();
        try (EmbeddedRedisServer redis = EmbeddedRedisServer.start(port)) {
            querySideRedis().withPropertyValues("spring.data.redis.port=" + port).run(context -> {
                LettuceConnectionFactory connections = context.getBean(LettuceConnectionFactory.class);
                assertThat(connections.isClusterAware()).isFalse();
                assertThat(connections.getClientConfiguration().getClientOptions()).get()
                        .isNotInstanceOf(ClusterClientOptions.class);
                String pong = context.getBean(StringRedisTemplate.class).execute(connection -> connection.ping(), true);
                assertThat(pong).isEqualTo("PONG");
            });
        }
    }

    private static ApplicationContextRunner querySideRedis() {
        return new ApplicationContextRunner()
                .withInitializer(new ConfigDataApplicationContextInitializer())
                .withConfiguration(AutoConfigurations.of(RedisAutoConfiguration.class));
    }
}
