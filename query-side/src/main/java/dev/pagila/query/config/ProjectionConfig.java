package dev.pagila.query.config;

import dev.pagila.infra.postgres.AxonTables;
import dev.pagila.query.cache.VersionedCache;
import dev.pagila.query.catalog.CatalogProjection;
import dev.pagila.query.projection.EventIndexes;
import dev.pagila.query.projection.ProjectionWriters;
import org.springframework.jdbc.core.JdbcTemplate;
import io.micrometer.core.instrument.MeterRegistry;
import dev.pagila.query.customers.CustomerProjection;
import dev.pagila.query.inventory.InventoryProjection;
import dev.pagila.query.sales.AccountProjection;
import dev.pagila.query.sales.CustomerSequencingPolicy;
import dev.pagila.query.sales.RentalSequencingPolicy;
import dev.pagila.query.sales.SalesProjection;
import dev.pagila.infra.postgres.StoredPayloads;
import dev.pagila.kernel.sales.FilmRentedEventUpcaster;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.transaction.TransactionManager;
import dev.pagila.query.QuerySideProperties;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.TokenSchema;
import org.axonframework.serialization.Serializer;
import org.axonframework.springboot.TokenStoreProperties;
import org.axonframework.eventhandling.deadletter.jdbc.JdbcSequencedDeadLetterQueue;
import org.axonframework.serialization.upcasting.event.EventUpcaster;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

import javax.sql.DataSource;
import java.util.List;

/**
 * Every processing group parks the events it keeps failing on in a dead-letter queue in the {@code projections}
 * schema, per sequence (one aggregate's events), so the rest of the stream keeps flowing.
 */
@Configuration
@EnableScheduling
public class ProjectionConfig {

    public static final List<String> GROUPS = List.of(CatalogProjection.PROCESSING_GROUP,
            InventoryProjection.PROCESSING_GROUP, CustomerProjection.PROCESSING_GROUP, SalesProjection.PROCESSING_GROUP,
            AccountProjection.PROCESSING_GROUP);

    /**
     * Axon's JDBC token store, its claims made in this instance's name ({@code pagila.instance.name}), which
     * {@code admin status} shows as each segment's owner and the {@link dev.pagila.query.admin.SegmentBalancer}
     * counts by.
     */
    @Bean
    public TokenStore tokenStore(ConnectionProvider connections, Serializer serializer, TokenSchema schema,
                                 TokenStoreProperties tokenStore, QuerySideProperties properties) {
        return JdbcTokenStore.builder()
                .connectionProvider(connections)
                .schema(schema)
                .serializer(serializer)
                .claimTimeout(tokenStore.getClaimTimeout())
                .nodeId(properties.instance().nameOrDefault())
                .build();
    }

    /** The live processors' projections write batch by batch, fenced, retiring cached answers. */
    @Bean
    public ProjectionWriters liveWriters(VersionedCache cache, MeterRegistry meters, EventIndexes indexes) {
        return ProjectionWriters.live(cache, meters, indexes);
    }

    /**
     * Each event's own position, read from the event table by identifier, once per batch: the tracking token gives a
     * late-committed event the stream's high-water mark instead ({@link EventIndexes}).
     */
    @Bean
    public EventIndexes eventIndexes(JdbcTemplate jdbc) {
        return identifiers -> {
            if (identifiers.isEmpty()) {
                return java.util.Map.of();
            }
            java.util.Map<String, Long> indexes = new java.util.HashMap<>();
            jdbc.query(connection -> {
                var statement = connection.prepareStatement(
                        "SELECT event_identifier, global_index FROM events.domain_event_entry WHERE event_identifier = ANY (?)");
                statement.setArray(1, connection.createArrayOf("varchar", identifiers.toArray()));
                return statement;
            }, row -> {
                indexes.put(row.getString(1), row.getLong(2));
            });
            return indexes;
        };
    }

    /** Rentals stored before they carried their terms get the terms in force at their place in the stream. */
    @Bean
    public EventUpcaster filmRentedTerms(DataSource events) {
        return new FilmRentedEventUpcaster((payloadTypes, reader) -> StoredPayloads.inStreamOrder(events, payloadTypes, reader::accept));
    }

    /** The sales totals join a rental with its payments: one sequence per rental keeps them in one segment. */
    @Bean
    public ConfigurerModule salesSequencing() {
        return configurer -> configurer.eventProcessing(processing ->
                processing.registerSequencingPolicy(SalesProjection.PROCESSING_GROUP, config -> new RentalSequencingPolicy()));
    }

    /** A customer's account is written from the customer's events only: one sequence per customer. */
    @Bean
    public ConfigurerModule accountSequencing() {
        return configurer -> configurer.eventProcessing(processing ->
                processing.registerSequencingPolicy(AccountProjection.PROCESSING_GROUP, config -> new CustomerSequencingPolicy()));
    }

    @Bean
    public ConfigurerModule deadLetterQueues(ConnectionProvider connections, TransactionManager transactions) {
        return configurer -> configurer.eventProcessing(processing -> GROUPS.forEach(group ->
                processing.registerDeadLetterQueue(group, config -> JdbcSequencedDeadLetterQueue.builder()
                        .processingGroup(group)
                        .connectionProvider(connections)
                        .transactionManager(transactions)
                        .schema(AxonTables.deadLetterSchema())
                        .genericSerializer(config.serializer())
                        .eventSerializer(config.eventSerializer())
                        .build())));
    }
}
