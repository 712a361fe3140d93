package dev.pagila.command.catalog;

import dev.pagila.kernel.catalog.FilmDetails;
import dev.pagila.kernel.catalog.FilmDetailsRevisedEvent;
import dev.pagila.kernel.catalog.FilmId;
import dev.pagila.kernel.catalog.FilmRegisteredEvent;
import dev.pagila.kernel.catalog.RegisterFilmCommand;
import dev.pagila.kernel.catalog.ReviseFilmDetailsCommand;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

@Aggregate
public class Film {

    @AggregateIdentifier
    private FilmId filmId;
    private FilmDetails details;

    protected Film() {
        // rebuilt from its events
    }

    @CommandHandler
    public Film(RegisterFilmCommand command) {
        apply(new FilmRegisteredEvent(command.filmId(), command.details()));
    }

    @CommandHandler
    public void handle(ReviseFilmDetailsCommand command) {
        if (details.equals(command.details())) {
            return; // a revision that changes nothing is not an event
        }
        apply(new FilmDetailsRevisedEvent(filmId, command.details()));
    }

    @EventSourcingHandler
    void on(FilmRegisteredEvent event) {
        filmId = event.filmId();
        details = event.details();
    }

    @EventSourcingHandler
    void on(FilmDetailsRevisedEvent event) {
        details = event.details();
    }
}
