package dev.pagila.command.shared;

import dev.pagila.kernel.catalog.ActorId;
import dev.pagila.kernel.catalog.CategoryId;
import dev.pagila.kernel.catalog.FilmId;
import dev.pagila.kernel.customers.CustomerId;
import dev.pagila.kernel.sales.RentalTerms;
import dev.pagila.kernel.stores.StaffId;
import dev.pagila.kernel.stores.StoreId;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;

/**
 * What one aggregate may ask of another while handling a command: does it exist, is the customer active,
 * how long does the film rent for. Answers come from the event store's stream index and the command
 * lookups, never by loading (and so locking) the other aggregate: a popular film or a busy clerk must not
 * serialise every rental.
 */
@Component
public class References {

    private final EventStore events;
    private final CommandLookups lookups;

    public References(@Lazy EventStore events, CommandLookups lookups) {
        this.events = events;
        this.lookups = lookups;
    }

    /** Whether the customer may rent, and for how many days the film rents: refuses unknown customers, films and clerks. */
    public RentalPermit permitRental(CustomerId customer, FilmId film, StaffId staff) {
        CommandLookups.RentalLookup found = lookups.rentalTerms(customer, film, staff);
        if (!found.staffKnown()) {
            throw unknown(staff);
        }
        return new RentalPermit(found.customerActive().orElseThrow(() -> unknown(customer)),
                found.filmTerms().orElseThrow(() -> unknown(film)));
    }

    /** @param terms the film's rate and rental duration now: the terms the rental is made on */
    public record RentalPermit(boolean customerActive, RentalTerms terms) {
    }

    public void requireFilm(FilmId film) {
        requireStream(film);
    }

    public void requireActor(ActorId actor) {
        requireStream(actor);
    }

    public void requireCategory(CategoryId category) {
        requireStream(category);
    }

    public void requireStore(StoreId store) {
        requireStream(store);
    }

    public void requireStaff(StaffId member) {
        requireStream(member);
    }

    private void requireStream(Object id) {
        if (events.lastSequenceNumberFor(id.toString()).isEmpty()) {
            throw unknown(id);
        }
    }

    private static UnknownReferenceException unknown(Object id) {
        return UnknownReferenceException.forId(id);
    }
}
