package dev.pagila.command.migration;

import dev.pagila.command.sales.LateFeePolicy;
import dev.pagila.kernel.customers.CustomerId;
import dev.pagila.kernel.sales.FilmRentedEvent;
import dev.pagila.kernel.sales.RentalId;
import dev.pagila.kernel.sales.RentalReturnedEvent;
import dev.pagila.kernel.sales.RentalTerms;
import dev.pagila.kernel.stores.CopyAddedToInventoryEvent;
import dev.pagila.kernel.stores.InventoryId;
import dev.pagila.kernel.stores.StaffId;

import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/**
 * Changes of {@code rental} and {@code payment} as events: rentals, returns and payments taken. What a rental's row
 * does not carry (the copy's film and store, the film's terms, the rented event a return answers) comes from the
 * streams ({@link FollowedStreams}).
 */
final class LegacySalesChanges {

    private final FollowedStreams streams;
    private final LateFeePolicy lateFees;

    LegacySalesChanges(FollowedStreams streams, LateFeePolicy lateFees) {
        this.streams = streams;
        this.lateFees = lateFees;
    }

    /**
     * A rental inserted is rented on the film's terms of the moment; its return date set is the return. A rental
     * inserted twice (redelivered) is recognised by its event's identity, not here.
     */
    void rental(String op, LegacyRow after, List<LegacyEvent<?>> out) throws SQLException {
        if (after == null) {
            return;
        }
        RentalId rental = RentalId.of(after.integer("rental_id"));
        InventoryId copy = InventoryId.of(after.integer("inventory_id"));
        Instant returnedAt = after.instant("return_date");
        FilmRentedEvent rented = streams.rememberedOpenRental(rental);
        if (op.equals("c")) {
            CopyAddedToInventoryEvent added = streams.copyOf(copy).orElseThrow(() -> new IllegalStateException(
                    "rental " + rental.value() + " is of copy " + copy.value() + ", which was never added"));
            RentalTerms terms = streams.termsOf(added.filmId(), CustomerId.of(after.integer("customer_id")),
                    StaffId.of(after.integer("staff_id")));
            LegacyEvent<FilmRentedEvent> rentedEvent = LegacyMapping.rented(after, added.filmId(), added.storeId(), terms,
                    lateFees);
            rented = rentedEvent.payload();
            out.add(rentedEvent);
        } else if (rented == null && returnedAt != null) {
            rented = stillOpen(rental, copy); // not rented through this follower, or forgotten since
        }
        if (rented != null && returnedAt != null) {
            out.add(LegacyMapping.returned(after, rented, lateFees));
        }
    }

    void payment(String op, LegacyRow after, List<LegacyEvent<?>> out) throws SQLException {
        if (op.equals("c")) {
            out.add(LegacyMapping.payment(after));
        }
    }

    /** The rented event of a rental not yet returned, from the copy's stream; null if returned or never rented. */
    private FilmRentedEvent stillOpen(RentalId rental, InventoryId copy) {
        FilmRentedEvent rented = null;
        for (Object event : streams.payloads(copy.toString())) {
            if (event instanceof FilmRentedEvent rentedEvent && rentedEvent.rentalId().equals(rental)) {
                rented = rentedEvent;
            } else if (event instanceof RentalReturnedEvent returnedEvent && returnedEvent.rentalId().equals(rental)) {
                return null;
            }
        }
        return rented;
    }
}
