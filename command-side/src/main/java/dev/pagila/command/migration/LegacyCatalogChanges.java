package dev.pagila.command.migration;

import dev.pagila.command.catalog.Film;
import dev.pagila.kernel.catalog.ActorRegisteredEvent;
import dev.pagila.kernel.catalog.ActorRenamedEvent;
import dev.pagila.kernel.catalog.CategoryCreatedEvent;
import dev.pagila.kernel.catalog.CategoryRenamedEvent;
import dev.pagila.kernel.catalog.FilmDetails;
import dev.pagila.kernel.catalog.FilmDetailsRevisedEvent;
import dev.pagila.kernel.catalog.FilmId;
import dev.pagila.kernel.catalog.FilmPricingChangedEvent;
import dev.pagila.kernel.catalog.FilmRegisteredEvent;

import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Changes of the catalogue's tables ({@code language}, {@code actor}, {@code category}, {@code film},
 * {@code film_actor}, {@code film_category}) as events. An update yields an event only when the row differs from
 * what the stream holds, which the row alone cannot tell.
 */
final class LegacyCatalogChanges {

    private final FollowedStreams streams;

    LegacyCatalogChanges(FollowedStreams streams) {
        this.streams = streams;
    }

    void language(String op, LegacyRow after, List<LegacyEvent<?>> out) throws SQLException {
        if (op.equals("c")) {
            out.add(LegacyMapping.language(after));
        }
    }

    void actor(String op, LegacyRow after, List<LegacyEvent<?>> out) throws SQLException {
        if (after == null) {
            return;
        }
        LegacyEvent<ActorRegisteredEvent> row = LegacyMapping.actor(after);
        if (op.equals("c")) {
            out.add(row);
            return;
        }
        ActorRegisteredEvent stated = row.payload();
        String[] current = {null, null};
        for (Object event : streams.payloads(row.aggregateId())) {
            if (event instanceof ActorRegisteredEvent registered) {
                current = new String[] {registered.firstName(), registered.lastName()};
            } else if (event instanceof ActorRenamedEvent renamed) {
                current = new String[] {renamed.firstName(), renamed.lastName()};
            }
        }
        if (!Objects.equals(current[0], stated.firstName()) || !Objects.equals(current[1], stated.lastName())) {
            out.add(row.with(new ActorRenamedEvent(stated.actorId(), stated.firstName(), stated.lastName())));
        }
    }

    void category(String op, LegacyRow after, List<LegacyEvent<?>> out) throws SQLException {
        if (after == null) {
            return;
        }
        LegacyEvent<CategoryCreatedEvent> row = LegacyMapping.category(after);
        if (op.equals("c")) {
            out.add(row);
            return;
        }
        String current = null;
        for (Object event : streams.payloads(row.aggregateId())) {
            if (event instanceof CategoryCreatedEvent created) {
                current = created.name();
            } else if (event instanceof CategoryRenamedEvent renamed) {
                current = renamed.name();
            }
        }
        if (!Objects.equals(current, row.payload().name())) {
            out.add(row.with(new CategoryRenamedEvent(row.payload().categoryId(), row.payload().name())));
        }
    }

    /**
     * An update is a price change when the film's own repricing ({@link Film#repriced}) turns the details the
     * stream holds into the row's, and a revision (which carries the prices too) otherwise.
     */
    void film(String op, LegacyRow after, List<LegacyEvent<?>> out) throws SQLException {
        if (after == null) {
            return;
        }
        LegacyEvent<FilmRegisteredEvent> row = LegacyMapping.film(after);
        if (op.equals("c")) {
            out.add(row);
            return;
        }
        FilmId id = row.payload().filmId();
        FilmDetails details = row.payload().details();
        FilmDetails current = null;
        for (Object event : streams.payloads(row.aggregateId())) {
            if (event instanceof FilmRegisteredEvent registered) {
                current = registered.details();
            } else if (event instanceof FilmDetailsRevisedEvent revised) {
                current = revised.details();
            } else if (event instanceof FilmPricingChangedEvent repriced && current != null) {
                current = Film.repriced(current, repriced);
            }
        }
        if (current == null || details.equals(current)) {
            return;
        }
        FilmPricingChangedEvent repricing = new FilmPricingChangedEvent(id, details.rentalDuration(), details.rentalRate(),
                details.replacementCost());
        out.add(row.with(details.equals(Film.repriced(current, repricing)) ? repricing : new FilmDetailsRevisedEvent(id, details)));
    }

    /** {@code film_actor}: a deletion carries the row's key only, and is dated when it was committed. */
    void cast(String op, LegacyRow before, LegacyRow after, Instant committedAt, List<LegacyEvent<?>> out)
            throws SQLException {
        if (op.equals("c")) {
            out.add(LegacyMapping.cast(after));
        } else if (op.equals("d")) {
            out.add(LegacyMapping.uncast(before, committedAt));
        }
    }

    /** {@code film_category}: as {@link #cast}. */
    void categorization(String op, LegacyRow before, LegacyRow after, Instant committedAt, List<LegacyEvent<?>> out)
            throws SQLException {
        if (op.equals("c")) {
            out.add(LegacyMapping.categorized(after));
        } else if (op.equals("d")) {
            out.add(LegacyMapping.uncategorized(before, committedAt));
        }
    }
}
