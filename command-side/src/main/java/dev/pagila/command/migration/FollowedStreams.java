package dev.pagila.command.migration;

import dev.pagila.command.shared.CommandLookups;
import dev.pagila.kernel.catalog.FilmDetailsRevisedEvent;
import dev.pagila.kernel.catalog.FilmId;
import dev.pagila.kernel.catalog.FilmPricingChangedEvent;
import dev.pagila.kernel.catalog.FilmRegisteredEvent;
import dev.pagila.kernel.customers.CustomerId;
import dev.pagila.kernel.sales.FilmRentedEvent;
import dev.pagila.kernel.sales.RentalId;
import dev.pagila.kernel.sales.RentalReturnedEvent;
import dev.pagila.kernel.sales.RentalTerms;
import dev.pagila.kernel.stores.CopyAddedToInventoryEvent;
import dev.pagila.kernel.stores.InventoryId;
import dev.pagila.kernel.stores.StaffId;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The event store as the follower's changes see it: a stream's events as stored, and what rentals and returns need
 * of them (a copy's film and store, a film's terms, a rental still open) remembered from the events the follower
 * appended. Only the follower writes while the monolith is the system of record, so the common changes need no read
 * of the store; a miss reads it. The memories are bounded, and belong to one run of batches: a batch that fails
 * takes them with it ({@link FollowedBatchApplier}).
 */
final class FollowedStreams {

    private static final int REMEMBERED = 200_000;

    private final EventStorageEngine events;
    private final CommandLookups lookups;
    private final Runnable appendPending;
    private final Map<Integer, CopyAddedToInventoryEvent> copies = remembering();
    private final Map<Integer, RentalTerms> filmTerms = remembering();
    private final Map<Integer, FilmRentedEvent> openRentals = remembering();

    /** @param appendPending appends what the current batch has not yet appended, before the store is read */
    FollowedStreams(EventStorageEngine events, CommandLookups lookups, Runnable appendPending) {
        this.events = events;
        this.lookups = lookups;
        this.appendPending = appendPending;
    }

    private static <V> Map<Integer, V> remembering() {
        return new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Integer, V> eldest) {
                return size() > REMEMBERED;
            }
        };
    }

    /** Called for every event appended, in order. */
    void appended(Object payload) {
        if (payload instanceof CopyAddedToInventoryEvent added) {
            copies.put(added.inventoryId().value(), added);
        } else if (payload instanceof FilmRegisteredEvent registered) {
            filmTerms.put(registered.filmId().value(), new RentalTerms(registered.details().rentalRate(),
                    registered.details().rentalDuration()));
        } else if (payload instanceof FilmDetailsRevisedEvent revised) {
            filmTerms.put(revised.filmId().value(), new RentalTerms(revised.details().rentalRate(), revised.details().rentalDuration()));
        } else if (payload instanceof FilmPricingChangedEvent repriced) {
            filmTerms.put(repriced.filmId().value(), new RentalTerms(repriced.rentalRate(), repriced.rentalDuration()));
        } else if (payload instanceof FilmRentedEvent rented) {
            openRentals.put(rented.rentalId().value(), rented);
        } else if (payload instanceof RentalReturnedEvent returned) {
            openRentals.remove(returned.rentalId().value());
        }
    }

    /** A stream's payloads as stored, including what this transaction appended before. */
    List<Object> payloads(String aggregateId) {
        appendPending.run();
        List<Object> payloads = new ArrayList<>();
        events.readEvents(aggregateId).asStream().map(DomainEventMessage::getPayload).forEach(payloads::add);
        return payloads;
    }

    /** The copy as it was added to the inventory; empty if it never was. */
    Optional<CopyAddedToInventoryEvent> copyOf(InventoryId copy) {
        CopyAddedToInventoryEvent known = copies.get(copy.value());
        if (known != null) {
            return Optional.of(known);
        }
        Optional<CopyAddedToInventoryEvent> added = payloads(copy.toString()).stream().filter(CopyAddedToInventoryEvent.class::isInstance)
                .map(CopyAddedToInventoryEvent.class::cast).findFirst();
        added.ifPresent(event -> copies.put(copy.value(), event));
        return added;
    }

    /** The terms the film is rented on now. */
    RentalTerms termsOf(FilmId film, CustomerId customer, StaffId staff) {
        RentalTerms terms = filmTerms.get(film.value());
        if (terms == null) {
            appendPending.run();
            terms = lookups.rentalTerms(customer, film, staff).filmTerms()
                    .orElseThrow(() -> new IllegalStateException("film " + film.value() + " has no terms"));
            filmTerms.put(film.value(), terms);
        }
        return terms;
    }

    /** The rented event of a rental this follower rented and has not seen returned; null if it does not remember one. */
    FilmRentedEvent rememberedOpenRental(RentalId rental) {
        return openRentals.get(rental.value());
    }
}
