package dev.pagila.command.catalog;

import dev.pagila.kernel.catalog.LanguageId;
import dev.pagila.kernel.catalog.LanguageRegisteredEvent;
import dev.pagila.kernel.catalog.RegisterLanguageCommand;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/** Reference data: the languages films are in. */
@Aggregate
public class Language {

    @AggregateIdentifier
    private LanguageId languageId;

    protected Language() {
    }

    @CommandHandler
    public Language(RegisterLanguageCommand command) {
        apply(new LanguageRegisteredEvent(command.languageId(), command.name()));
    }

    @EventSourcingHandler
    void on(LanguageRegisteredEvent event) {
        languageId = event.languageId();
    }
}
