package dev.pagila.query.cache;

import dev.pagila.query.support.ReadStores;
import dev.pagila.stack.EmbeddedRedisCluster;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.data.redis.RedisAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.core.StringRedisTemplate;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/**
 * An embedded Redis Cluster (three masters, three replicas) and the query side's connection to it, made by Spring Boot
 * from application.yml and the one setting a deployment gives: the cluster's nodes.
 */
final class ClusterStores implements AutoCloseable {

    final EmbeddedRedisCluster cluster;
    final StringRedisTemplate redis;
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final ConfigurableApplicationContext connections;

    ClusterStores(Path directory) {
        cluster = EmbeddedRedisCluster.start(EmbeddedRedisCluster.anyFreeFirstPort(), directory);
        try {
            connections = new SpringApplicationBuilder(RedisAutoConfiguration.class)
                    .web(WebApplicationType.NONE).bannerMode(Banner.Mode.OFF).logStartupInfo(false)
                    .run("--spring.data.redis.cluster.nodes=" + String.join(",", cluster.nodes()),
                            // the tests wait for Lettuce to notice failovers; application.yml's period would make them slow
                            "--spring.data.redis.lettuce.cluster.refresh.period=1s");
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
        redis = connections.getBean(StringRedisTemplate.class);
    }

    VersionedCache cache() {
        return new VersionedCache(redis, ReadStores.JSON, meters, Duration.ofMinutes(5), Clock.systemUTC());
    }

    /** How many keys the masters hold, asked of each. */
    long keysOnMasters() {
        return cluster.masters().stream().mapToLong(port -> cluster.onNode(port, node -> node.dbsize())).sum();
    }

    @Override
    public void close() {
        connections.close();
        cluster.close();
    }
}
