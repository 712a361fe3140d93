package dev.pagila.command.config;

import dev.pagila.infra.postgres.AxonTables;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.messaging.interceptors.BeanValidationInterceptor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration
public class AxonConfig {

    @Bean
    public EventSchema eventSchema() {
        return AxonTables.eventSchema();
    }

    /** Commands are validated where they enter the bus, whoever sends them, not only at the REST edge. */
    @Autowired
    public void validateCommands(CommandBus commandBus) {
        commandBus.registerDispatchInterceptor(new BeanValidationInterceptor<>());
    }
}
