package dev.pagila.query.config;

import dev.pagila.infra.audit.AuditLog;
import dev.pagila.query.QuerySideProperties;
import dev.pagila.infra.dynamodb.DynamoDbClients;
import dev.pagila.infra.postgres.AxonTables;
import dev.pagila.query.table.ActiveTable;
import org.axonframework.eventhandling.tokenstore.jdbc.TokenSchema;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.time.Clock;

@Configuration
public class ReadStoreConfig {

    @Bean(destroyMethod = "close")
    public DynamoDbClient dynamoDbClient(QuerySideProperties properties) {
        return DynamoDbClients.create(properties.dynamodb().settings());
    }

    /** The physical Films table in use: the configured one until a blue/green rebuild switches it. */
    @Bean
    public ActiveTable activeTable(JdbcTemplate jdbc, QuerySideProperties properties) {
        return new ActiveTable(jdbc, properties.dynamodb().settings().table());
    }

    /** The event stream the projections read; this service's role may SELECT it but never write it. */
    @Bean
    public EventSchema eventSchema() {
        return AxonTables.eventSchema();
    }

    @Bean
    public TokenSchema tokenSchema() {
        return AxonTables.tokenSchema();
    }

    @Bean
    public Clock clock() {
        return Clock.systemUTC();
    }

    /** The operators' audit log in PostgreSQL, which the command side writes too: the admin API shows both. */
    @Bean
    public AuditLog auditLog(JdbcTemplate jdbc, Clock clock, MeterRegistry meters) {
        return new AuditLog(jdbc, clock, meters);
    }
}
