package dev.pagila.command.config;

import dev.pagila.command.shared.CommandLookups;
import dev.pagila.command.web.CommandSender;
import dev.pagila.infra.postgres.AxonTables;
import dev.pagila.infra.postgres.StoredPayloads;
import dev.pagila.kernel.sales.FilmRentedEventUpcaster;
import org.axonframework.serialization.upcasting.event.EventUpcaster;
import dev.pagila.infra.security.StaffClaims;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.correlation.MessageOriginProvider;
import org.axonframework.messaging.correlation.SimpleCorrelationDataProvider;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.messaging.interceptors.BeanValidationInterceptor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import javax.sql.DataSource;
import java.sql.SQLException;

@Configuration
public class AxonConfig {

    private static final String UNIQUE_VIOLATION = "23505";

    @Bean
    public EventSchema eventSchema() {
        return AxonTables.eventSchema();
    }

    /**
     * A unique-key violation on (stream, sequence) means another instance appended to the stream first:
     * a concurrency conflict (409), not a failure. Recognised by PostgreSQL's SQLSTATE, which survives the
     * driver's batch wrapping where vendor error codes do not.
     */
    @Bean
    public PersistenceExceptionResolver persistenceExceptionResolver() {
        return exception -> {
            for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
                for (SQLException sql = cause instanceof SQLException s ? s : null; sql != null; sql = sql.getNextException()) {
                    if (UNIQUE_VIOLATION.equals(sql.getSQLState())) {
                        return true;
                    }
                }
            }
            return false;
        };
    }

    /** Events carry who sent the command that appended them, beside Axon's own correlation and causation ids. */
    @Bean
    public static CorrelationDataProvider messageOrigin() {
        return new MessageOriginProvider();
    }

    @Bean
    public static CorrelationDataProvider signedInStaff() {
        return new SimpleCorrelationDataProvider(CommandSender.SIGNED_IN_AS, StaffClaims.STAFF_ID);
    }

    /**
     * A lookup that cannot be written fails the command that appended the event (the default would log it
     * and commit the events without it).
     */
    @Bean
    public static ConfigurerModule lookupsFailTheirCommand() {
        return configurer -> configurer.eventProcessing().registerListenerInvocationErrorHandler(
                CommandLookups.PROCESSING_GROUP, configuration -> PropagatingErrorHandler.instance());
    }

    /** Rentals stored before they carried their terms get the terms in force at their place in the stream. */
    @Bean
    public static EventUpcaster filmRentedTerms(DataSource events) {
        return new FilmRentedEventUpcaster((payloadTypes, reader) -> StoredPayloads.inStreamOrder(events, payloadTypes, reader::accept));
    }

    /** Commands are validated where they enter the bus, whoever sends them, not only at the REST edge. */
    @Autowired
    public void validateCommands(CommandBus commandBus) {
        commandBus.registerDispatchInterceptor(new BeanValidationInterceptor<>());
    }
}
