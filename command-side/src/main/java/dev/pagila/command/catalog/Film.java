package dev.pagila.command.catalog;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import dev.pagila.command.shared.References;
import dev.pagila.command.shared.Rule;
import dev.pagila.command.shared.RuleViolationException;
import dev.pagila.kernel.catalog.ActorCastEvent;
import dev.pagila.kernel.catalog.ActorId;
import dev.pagila.kernel.catalog.ActorRemovedFromFilmEvent;
import dev.pagila.kernel.catalog.CastActorCommand;
import dev.pagila.kernel.catalog.CategorizeFilmCommand;
import dev.pagila.kernel.catalog.CategoryId;
import dev.pagila.kernel.catalog.ChangeFilmPricingCommand;
import dev.pagila.kernel.catalog.FilmCategorizedEvent;
import dev.pagila.kernel.catalog.FilmDetails;
import dev.pagila.kernel.catalog.FilmDetailsRevisedEvent;
import dev.pagila.kernel.catalog.FilmId;
import dev.pagila.kernel.catalog.FilmPricingChangedEvent;
import dev.pagila.kernel.catalog.FilmRegisteredEvent;
import dev.pagila.kernel.catalog.FilmUncategorizedEvent;
import dev.pagila.kernel.catalog.RegisterFilmCommand;
import dev.pagila.kernel.catalog.RemoveActorFromFilmCommand;
import dev.pagila.kernel.catalog.ReviseFilmDetailsCommand;
import dev.pagila.kernel.catalog.UncategorizeFilmCommand;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import java.util.HashSet;
import java.util.Set;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/** A film of the catalogue with its cast and categories (Pagila's film, film_actor and film_category rows). */
@Aggregate
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY)
public class Film {

    @AggregateIdentifier
    private FilmId filmId;
    private FilmDetails details;
    private Set<Integer> cast = new HashSet<>();
    private Set<Integer> categories = new HashSet<>();

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

    @CommandHandler
    public void handle(ChangeFilmPricingCommand command) {
        if (details.rentalDuration().equals(command.rentalDuration()) && details.rentalRate().equals(command.rentalRate())
                && details.replacementCost().equals(command.replacementCost())) {
            return;
        }
        apply(new FilmPricingChangedEvent(filmId, command.rentalDuration(), command.rentalRate(), command.replacementCost()));
    }

    @CommandHandler
    public void handle(CastActorCommand command, References references) {
        references.requireActor(command.actorId());
        if (cast.contains(command.actorId().value())) {
            return; // already in the cast: casting again changes nothing
        }
        apply(new ActorCastEvent(filmId, command.actorId()));
    }

    @CommandHandler
    public void handle(RemoveActorFromFilmCommand command) {
        if (!cast.contains(command.actorId().value())) {
            throw new RuleViolationException(Rule.NOT_IN_CAST, command.actorId() + " is not in the cast of " + filmId);
        }
        apply(new ActorRemovedFromFilmEvent(filmId, command.actorId()));
    }

    @CommandHandler
    public void handle(CategorizeFilmCommand command, References references) {
        references.requireCategory(command.categoryId());
        if (categories.contains(command.categoryId().value())) {
            return;
        }
        apply(new FilmCategorizedEvent(filmId, command.categoryId()));
    }

    @CommandHandler
    public void handle(UncategorizeFilmCommand command) {
        if (!categories.contains(command.categoryId().value())) {
            throw new RuleViolationException(Rule.NOT_IN_CATEGORY, filmId + " is not in " + command.categoryId());
        }
        apply(new FilmUncategorizedEvent(filmId, command.categoryId()));
    }

    public int rentalDuration() {
        return details.rentalDuration();
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

    @EventSourcingHandler
    void on(FilmPricingChangedEvent event) {
        details = repriced(details, event);
    }

    /**
     * A film's details once its pricing changed: the rental duration, rental rate and replacement cost the change
     * states, everything else as it was. The one rule for it, which the live migration also applies.
     */
    public static FilmDetails repriced(FilmDetails details, FilmPricingChangedEvent change) {
        return new FilmDetails(details.title(), details.description(), details.releaseYear(), details.languageId(),
                details.originalLanguageId(), change.rentalDuration(), change.rentalRate(), details.length(),
                change.replacementCost(), details.rating(), details.specialFeatures());
    }

    @EventSourcingHandler
    void on(ActorCastEvent event) {
        cast.add(event.actorId().value());
    }

    @EventSourcingHandler
    void on(ActorRemovedFromFilmEvent event) {
        cast.remove(event.actorId().value());
    }

    @EventSourcingHandler
    void on(FilmCategorizedEvent event) {
        categories.add(event.categoryId().value());
    }

    @EventSourcingHandler
    void on(FilmUncategorizedEvent event) {
        categories.remove(event.categoryId().value());
    }
}
