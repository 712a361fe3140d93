package dev.pagila.query.health;

import dev.pagila.query.cache.VersionedCache;
import dev.pagila.query.table.ReadModelTable;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Health of the two read stores. DynamoDB holds every answer: without it the service is down. Redis only
 * accelerates: without it queries answer from DynamoDB and the service reports itself degraded.
 */
@Configuration
public class ReadStoreHealth {

    public static final Status DEGRADED = new Status("DEGRADED", "answering from DynamoDB without the Redis cache");

    @Bean
    public HealthIndicator dynamoDbHealthIndicator(ReadModelTable table) {
        return () -> {
            try {
                String status = table.client().describeTable(request -> request.tableName(table.name())).table().tableStatusAsString();
                return Health.up().withDetail("table", table.name()).withDetail("tableStatus", status).build();
            } catch (RuntimeException e) {
                return Health.down().withDetail("table", table.name()).withDetail("error", e.getMessage()).build();
            }
        };
    }

    @Bean
    public HealthIndicator cacheHealthIndicator(StringRedisTemplate redis, VersionedCache cache) {
        return () -> {
            try {
                String pong = redis.execute(connection -> connection.ping(), true);
                return Health.up().withDetail("redis", pong).withDetail("servingFromCache", cache.isAvailable()).build();
            } catch (RuntimeException e) {
                return Health.status(DEGRADED).withDetail("error", e.getMessage()).build();
            }
        };
    }
}
