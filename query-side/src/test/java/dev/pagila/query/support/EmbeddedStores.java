package dev.pagila.query.support;

import dev.pagila.stack.EmbeddedStack;
import dev.pagila.stack.Ports;
import dev.pagila.stack.StackEndpoints;
import org.springframework.test.context.DynamicPropertyRegistry;

import java.nio.file.Path;

/** Embedded PostgreSQL, Redis and DynamoDB Local for a query side started by a Spring test, on free ports. */
public final class EmbeddedStores {

    private EmbeddedStores() {
    }

    /** Starts the stores in {@code data} and points the query side's properties at them and at {@code filmsTable}. */
    public static EmbeddedStack startFor(DynamicPropertyRegistry registry, Path data, String filmsTable) {
        StackEndpoints endpoints = new StackEndpoints(Ports.anyFree(), "pagila", Ports.anyFree(), Ports.anyFree(), filmsTable);
        EmbeddedStack stack = EmbeddedStack.start(endpoints, data, false);
        registry.add("spring.datasource.url", endpoints::jdbcUrl);
        registry.add("spring.data.redis.url", endpoints::redisUrl);
        registry.add("pagila.dynamodb.endpoint", () -> endpoints.dynamoDbEndpoint().toString());
        registry.add("pagila.dynamodb.table", endpoints::filmsTable);
        registry.add("server.port", () -> 0);
        return stack;
    }
}
