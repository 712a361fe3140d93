package dev.pagila.command.config;

import dev.pagila.infra.postgres.AxonTables;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.messaging.interceptors.BeanValidationInterceptor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

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

    /** Commands are validated where they enter the bus, whoever sends them, not only at the REST edge. */
    @Autowired
    public void validateCommands(CommandBus commandBus) {
        commandBus.registerDispatchInterceptor(new BeanValidationInterceptor<>());
    }
}
