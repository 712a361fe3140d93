package dev.pagila.command.shared;

import dev.pagila.kernel.catalog.FilmDetailsRevisedEvent;
import dev.pagila.kernel.catalog.FilmId;
import dev.pagila.kernel.catalog.FilmPricingChangedEvent;
import dev.pagila.kernel.catalog.FilmRegisteredEvent;
import dev.pagila.kernel.customers.CustomerDeactivatedEvent;
import dev.pagila.kernel.customers.CustomerId;
import dev.pagila.kernel.customers.CustomerReactivatedEvent;
import dev.pagila.kernel.customers.CustomerRegisteredEvent;
import dev.pagila.kernel.money.Money;
import dev.pagila.kernel.sales.FilmRentedEvent;
import dev.pagila.kernel.sales.RentalTerms;
import dev.pagila.kernel.sales.RentalId;
import dev.pagila.kernel.stores.InventoryId;
import dev.pagila.kernel.stores.StaffHiredEvent;
import dev.pagila.kernel.stores.StaffId;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Small tables the command side keeps beside its event store: which copy a rental is of, whether a customer
 * is active, how long a film rents for. A subscribing processor updates them inside the transaction that
 * appends the events (the importer hands them its batches in its own), so they are never behind the
 * streams; reading them takes no aggregate lock.
 */
@Component
@ProcessingGroup(CommandLookups.PROCESSING_GROUP)
public class CommandLookups {

    public static final String PROCESSING_GROUP = "command-lookups";

    private final JdbcTemplate jdbc;

    public CommandLookups(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(FilmRentedEvent event) {
        record(List.of(event));
    }

    @EventHandler
    void on(CustomerRegisteredEvent event) {
        record(List.of(event));
    }

    @EventHandler
    void on(CustomerDeactivatedEvent event) {
        record(List.of(event));
    }

    @EventHandler
    void on(CustomerReactivatedEvent event) {
        record(List.of(event));
    }

    @EventHandler
    void on(StaffHiredEvent event) {
        record(List.of(event));
    }

    @EventHandler
    void on(FilmRegisteredEvent event) {
        record(List.of(event));
    }

    @EventHandler
    void on(FilmDetailsRevisedEvent event) {
        record(List.of(event));
    }

    @EventHandler
    void on(FilmPricingChangedEvent event) {
        record(List.of(event));
    }

    /** Applies a batch of event payloads in order; the kinds it does not track are ignored. Safe to repeat. */
    public void record(List<?> payloads) {
        List<Object[]> rentals = new ArrayList<>();
        List<Object[]> standings = new ArrayList<>();
        List<Object[]> terms = new ArrayList<>();
        List<Object[]> staff = new ArrayList<>();
        for (Object payload : payloads) {
            if (payload instanceof FilmRentedEvent rented) {
                rentals.add(new Object[] {rented.rentalId().value(), rented.inventoryId().value()});
            } else if (payload instanceof CustomerRegisteredEvent registered) {
                standings.add(new Object[] {registered.customerId().value(), registered.active()});
            } else if (payload instanceof CustomerDeactivatedEvent deactivated) {
                standings.add(new Object[] {deactivated.customerId().value(), false});
            } else if (payload instanceof CustomerReactivatedEvent reactivated) {
                standings.add(new Object[] {reactivated.customerId().value(), true});
            } else if (payload instanceof FilmRegisteredEvent registered) {
                terms.add(new Object[] {registered.filmId().value(), registered.details().rentalDuration(),
                        registered.details().rentalRate().amount()});
            } else if (payload instanceof FilmDetailsRevisedEvent revised) {
                terms.add(new Object[] {revised.filmId().value(), revised.details().rentalDuration(),
                        revised.details().rentalRate().amount()});
            } else if (payload instanceof FilmPricingChangedEvent repriced) {
                terms.add(new Object[] {repriced.filmId().value(), repriced.rentalDuration(), repriced.rentalRate().amount()});
            } else if (payload instanceof StaffHiredEvent hired) {
                staff.add(new Object[] {hired.staffId().value()});
            }
        }
        batch("INSERT INTO events.rental_copy (rental_id, inventory_id) VALUES (?, ?) ON CONFLICT DO NOTHING", rentals);
        batch("INSERT INTO events.customer_standing (customer_id, active) VALUES (?, ?)"
                + " ON CONFLICT (customer_id) DO UPDATE SET active = EXCLUDED.active", standings);
        batch("INSERT INTO events.film_rental_terms (film_id, rental_duration, rental_rate) VALUES (?, ?, ?)"
                + " ON CONFLICT (film_id) DO UPDATE SET rental_duration = EXCLUDED.rental_duration,"
                + " rental_rate = EXCLUDED.rental_rate", terms);
        batch("INSERT INTO events.staff_member (staff_id) VALUES (?) ON CONFLICT DO NOTHING", staff);
    }

    public Optional<InventoryId> copyOf(RentalId rental) {
        return jdbc.query("SELECT inventory_id FROM events.rental_copy WHERE rental_id = ?",
                (row, n) -> InventoryId.of(row.getInt(1)), rental.value()).stream().findFirst();
    }

    /**
     * What renting needs to know of the customer, the film and the clerk, in one round trip: empty fields
     * for a customer or film never registered; {@code staffKnown} false for an unknown clerk.
     */
    public RentalLookup rentalTerms(CustomerId customer, FilmId film, StaffId staff) {
        return jdbc.queryForObject("""
                SELECT (SELECT active FROM events.customer_standing WHERE customer_id = ?),
                       terms.rental_duration, terms.rental_rate,
                       EXISTS (SELECT 1 FROM events.staff_member WHERE staff_id = ?)
                FROM (SELECT 1) one LEFT JOIN events.film_rental_terms terms ON terms.film_id = ?""",
                (row, n) -> new RentalLookup(Optional.ofNullable((Boolean) row.getObject(1)),
                        row.getObject(2) == null ? Optional.empty()
                                : Optional.of(new RentalTerms(Money.of(row.getBigDecimal(3)), row.getInt(2))),
                        row.getBoolean(4)),
                customer.value(), staff.value(), film.value());
    }

    public record RentalLookup(Optional<Boolean> customerActive, Optional<RentalTerms> filmTerms, boolean staffKnown) {
    }

    private void batch(String sql, List<Object[]> rows) {
        if (!rows.isEmpty()) {
            jdbc.batchUpdate(sql, rows);
        }
    }
}
