package dev.pagila.command.migration;

import dev.pagila.command.catalog.Film;
import dev.pagila.command.sales.LateFeePolicy;
import dev.pagila.command.shared.CommandLookups;
import dev.pagila.kernel.catalog.ActorRegisteredEvent;
import dev.pagila.kernel.catalog.ActorRenamedEvent;
import dev.pagila.kernel.catalog.CategoryCreatedEvent;
import dev.pagila.kernel.catalog.CategoryRenamedEvent;
import dev.pagila.kernel.catalog.FilmDetails;
import dev.pagila.kernel.catalog.FilmDetailsRevisedEvent;
import dev.pagila.kernel.catalog.FilmId;
import dev.pagila.kernel.catalog.FilmPricingChangedEvent;
import dev.pagila.kernel.catalog.FilmRegisteredEvent;
import dev.pagila.kernel.customers.CustomerDeactivatedEvent;
import dev.pagila.kernel.customers.CustomerDetailsChangedEvent;
import dev.pagila.kernel.customers.CustomerId;
import dev.pagila.kernel.customers.CustomerReactivatedEvent;
import dev.pagila.kernel.customers.CustomerRegisteredEvent;
import dev.pagila.kernel.sales.FilmRentedEvent;
import dev.pagila.kernel.sales.RentalId;
import dev.pagila.kernel.sales.RentalReturnedEvent;
import dev.pagila.kernel.sales.RentalTerms;
import dev.pagila.kernel.shared.Address;
import dev.pagila.kernel.stores.CopyAddedToInventoryEvent;
import dev.pagila.kernel.stores.CopyRetiredEvent;
import dev.pagila.kernel.stores.InventoryId;
import dev.pagila.kernel.stores.StaffDeactivatedEvent;
import dev.pagila.kernel.stores.StaffHiredEvent;
import dev.pagila.kernel.stores.StaffId;
import org.apache.kafka.connect.data.Struct;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Turns one committed change of the legacy database into the events the import would have written for it: the
 * same kinds, the legacy ids and timestamps, from the same mapping of a row ({@link LegacyMapping}). What the
 * change does not carry (a copy's film, the terms a film is rented on, a film's details before an update) comes
 * from the event store as it stands, which already holds every earlier change; addresses, which Pagila keeps in
 * their own table, come from the legacy database.
 * A change that alters nothing the platform records yields no event; a staff row's password never yields one
 * ({@link #staffPassword}): it goes to the account, outside the event store, as does a member of staff's leaving
 * ({@link #staffNoLongerActive}).
 */
final class LegacyChanges {

    private static final int REMEMBERED = 200_000;

    private final EventStorageEngine events;
    private final CommandLookups lookups;
    private final LateFeePolicy lateFees;
    private final Connection legacy;
    private final Runnable appendPending;
    // What rentals and returns need, remembered from the events this follower appended (only it writes while the
    // monolith is the system of record), so that the common changes need no read of the store; a miss reads it.
    private final Map<Integer, CopyAddedToInventoryEvent> copies = remembering();
    private final Map<Integer, RentalTerms> filmTerms = remembering();
    private final Map<Integer, FilmRentedEvent> openRentals = remembering();

    /** @param appendPending appends what the current batch has not yet appended, before the store is read */
    LegacyChanges(EventStorageEngine events, CommandLookups lookups, LateFeePolicy lateFees, Connection legacy,
                  Runnable appendPending) {
        this.events = events;
        this.lookups = lookups;
        this.lateFees = lateFees;
        this.legacy = legacy;
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

    /** A member of staff's password as a change of their row leaves it in the monolith: Pagila's hex SHA-1, or null. */
    record StaffPassword(int staffId, String sha1Hex) {

        @Override
        public String toString() {
            return "StaffPassword[staffId=" + staffId + "]"; // a hash in a log line is one step from the password
        }
    }

    /** The password an inserted or updated staff row carries; empty for other tables and for deletions. */
    static Optional<StaffPassword> staffPassword(String table, Struct after) {
        if (!table.equals("staff") || after == null || after.schema().field("password") == null) {
            return Optional.empty();
        }
        return Optional.of(new StaffPassword(StructRow.of(after).integer("staff_id"), after.getString("password")));
    }

    /**
     * The member of staff a change of their row leaves unable to work in the monolith: set inactive (whatever the
     * stream already says, so also when the change yields no event) or deleted; empty for other tables and for a row
     * left active. A deletion carries the row's key only (replica identity), which is all this needs.
     */
    static Optional<Integer> staffNoLongerActive(String table, Struct before, Struct after) {
        if (!table.equals("staff")) {
            return Optional.empty();
        }
        if (after == null) {
            return before == null ? Optional.empty() : Optional.of(StructRow.of(before).integer("staff_id"));
        }
        return Boolean.FALSE.equals(after.getBoolean("active")) ? Optional.of(StructRow.of(after).integer("staff_id"))
                : Optional.empty();
    }

    /** @param table the legacy table; @param op Debezium's c, u or d */
    List<LegacyEvent<?>> eventsFor(String table, String op, Struct before, Struct after, Instant committedAt)
            throws SQLException {
        return eventsFor(table, op, StructRow.of(before), StructRow.of(after), committedAt);
    }

    private List<LegacyEvent<?>> eventsFor(String table, String op, LegacyRow before, LegacyRow after, Instant committedAt)
            throws SQLException {
        List<LegacyEvent<?>> out = new ArrayList<>();
        switch (table) {
            case "language" -> {
                if (op.equals("c")) {
                    out.add(LegacyMapping.language(after));
                }
            }
            case "actor" -> actor(op, after, out);
            case "category" -> category(op, after, out);
            case "film" -> film(op, after, out);
            case "film_actor" -> {
                if (op.equals("c")) {
                    out.add(LegacyMapping.cast(after));
                } else if (op.equals("d")) {
                    out.add(LegacyMapping.uncast(before, committedAt));
                }
            }
            case "film_category" -> {
                if (op.equals("c")) {
                    out.add(LegacyMapping.categorized(after));
                } else if (op.equals("d")) {
                    out.add(LegacyMapping.uncategorized(before, committedAt));
                }
            }
            case "address" -> {
                if (op.equals("u")) {
                    addressChanged(after.integer("address_id"), after.instant("last_update"), out);
                }
            }
            case "store" -> {
                if (op.equals("c")) {
                    out.add(LegacyMapping.store(after, address(after.integer("address_id"))));
                }
            }
            case "staff" -> staff(op, after, out);
            case "customer" -> customer(op, after, out);
            case "inventory" -> inventory(op, before, after, committedAt, out);
            case "rental" -> rental(op, after, out);
            case "payment" -> {
                if (op.equals("c")) {
                    out.add(LegacyMapping.payment(after));
                }
            }
            default -> {
                // a table the publication names for its rows' sake only
            }
        }
        return out;
    }

    private void actor(String op, LegacyRow after, List<LegacyEvent<?>> out) throws SQLException {
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
        for (Object event : stream(row.aggregateId())) {
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

    private void category(String op, LegacyRow after, List<LegacyEvent<?>> out) throws SQLException {
        if (after == null) {
            return;
        }
        LegacyEvent<CategoryCreatedEvent> row = LegacyMapping.category(after);
        if (op.equals("c")) {
            out.add(row);
            return;
        }
        String current = null;
        for (Object event : stream(row.aggregateId())) {
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
    private void film(String op, LegacyRow after, List<LegacyEvent<?>> out) throws SQLException {
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
        for (Object event : stream(row.aggregateId())) {
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

    private void staff(String op, LegacyRow after, List<LegacyEvent<?>> out) throws SQLException {
        if (after == null) {
            return;
        }
        if (op.equals("c")) {
            out.add(LegacyMapping.staff(after, address(after.integer("address_id"))));
            return;
        }
        StaffId id = StaffId.of(after.integer("staff_id"));
        boolean active = after.bool("active");
        boolean wasActive = true;
        for (Object event : stream(id.toString())) {
            if (event instanceof StaffHiredEvent hired) {
                wasActive = hired.active();
            } else if (event instanceof StaffDeactivatedEvent) {
                wasActive = false;
            }
        }
        if (wasActive && !active) {
            out.add(new LegacyEvent<>("Staff", id.toString(), after.instant("last_update"), new StaffDeactivatedEvent(id)));
        }
    }

    private void customer(String op, LegacyRow after, List<LegacyEvent<?>> out) throws SQLException {
        if (after == null) {
            return;
        }
        Address address = address(after.integer("address_id"));
        if (op.equals("c")) {
            out.add(LegacyMapping.customer(after, address, lateFees.zone()));
            return;
        }
        CustomerDetailsChangedEvent details = LegacyMapping.customerDetails(after, address);
        CustomerId id = details.customerId();
        boolean active = after.bool("activebool");
        StoredCustomer stored = storedCustomer(id);
        Instant at = after.instant("last_update");
        if (!details.equals(stored.details())) {
            out.add(new LegacyEvent<>("Customer", id.toString(), at, details));
        }
        if (stored.active() != active) {
            out.add(new LegacyEvent<>("Customer", id.toString(), at,
                    active ? new CustomerReactivatedEvent(id) : new CustomerDeactivatedEvent(id)));
        }
    }

    /** Pagila keeps addresses apart: editing one changes the details of every customer who lives there. */
    private void addressChanged(int addressId, Instant at, List<LegacyEvent<?>> out) throws SQLException {
        List<Integer> customers = new ArrayList<>();
        try (PreparedStatement select = legacy.prepareStatement("SELECT customer_id FROM customer WHERE address_id = ? ORDER BY customer_id")) {
            select.setInt(1, addressId);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    customers.add(rows.getInt(1));
                }
            }
        }
        Address address = address(addressId);
        for (int customerId : customers) {
            CustomerId id = CustomerId.of(customerId);
            CustomerDetailsChangedEvent current = storedCustomer(id).details();
            if (current != null && !address.equals(current.address())) {
                out.add(new LegacyEvent<>("Customer", id.toString(), at, new CustomerDetailsChangedEvent(id, current.storeId(),
                        current.firstName(), current.lastName(), current.email(), address)));
            }
        }
    }

    /** A customer's details (as a change of them would state them) and standing, as the store has them. */
    private record StoredCustomer(CustomerDetailsChangedEvent details, boolean active) {
    }

    private StoredCustomer storedCustomer(CustomerId id) {
        CustomerDetailsChangedEvent details = null;
        boolean active = true;
        for (Object event : stream(id.toString())) {
            if (event instanceof CustomerRegisteredEvent registered) {
                details = new CustomerDetailsChangedEvent(id, registered.storeId(), registered.firstName(),
                        registered.lastName(), registered.email(), registered.address());
                active = registered.active();
            } else if (event instanceof CustomerDetailsChangedEvent changed) {
                details = changed;
            } else if (event instanceof CustomerDeactivatedEvent) {
                active = false;
            } else if (event instanceof CustomerReactivatedEvent) {
                active = true;
            }
        }
        return new StoredCustomer(details, active);
    }

    private void inventory(String op, LegacyRow before, LegacyRow after, Instant committedAt, List<LegacyEvent<?>> out)
            throws SQLException {
        if (op.equals("c")) {
            out.add(LegacyMapping.copy(after));
        } else if (op.equals("d")) {
            InventoryId id = InventoryId.of(before.integer("inventory_id"));
            copyOf(id).ifPresent(copy -> out.add(new LegacyEvent<>("InventoryItem", id.toString(), committedAt,
                    new CopyRetiredEvent(id, copy.filmId(), copy.storeId()))));
        }
    }

    /**
     * A rental inserted is rented on the film's terms of the moment; its return date set is the return. A rental
     * inserted twice (redelivered) is recognised by its event's identity, not here.
     */
    private void rental(String op, LegacyRow after, List<LegacyEvent<?>> out) throws SQLException {
        if (after == null) {
            return;
        }
        RentalId rental = RentalId.of(after.integer("rental_id"));
        InventoryId copy = InventoryId.of(after.integer("inventory_id"));
        Instant returnedAt = after.instant("return_date");
        FilmRentedEvent rented = openRentals.get(rental.value());
        if (op.equals("c")) {
            CopyAddedToInventoryEvent added = copyOf(copy).orElseThrow(() -> new IllegalStateException(
                    "rental " + rental.value() + " is of copy " + copy.value() + ", which was never added"));
            RentalTerms terms = termsOf(added.filmId(), CustomerId.of(after.integer("customer_id")),
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

    /** The rented event of a rental not yet returned, from the copy's stream; null if returned or never rented. */
    private FilmRentedEvent stillOpen(RentalId rental, InventoryId copy) {
        FilmRentedEvent rented = null;
        for (Object event : stream(copy.toString())) {
            if (event instanceof FilmRentedEvent rentedEvent && rentedEvent.rentalId().equals(rental)) {
                rented = rentedEvent;
            } else if (event instanceof RentalReturnedEvent returnedEvent && returnedEvent.rentalId().equals(rental)) {
                return null;
            }
        }
        return rented;
    }

    private RentalTerms termsOf(FilmId film, CustomerId customer, StaffId staff) {
        RentalTerms terms = filmTerms.get(film.value());
        if (terms == null) {
            appendPending.run();
            terms = lookups.rentalTerms(customer, film, staff).filmTerms()
                    .orElseThrow(() -> new IllegalStateException("film " + film.value() + " has no terms"));
            filmTerms.put(film.value(), terms);
        }
        return terms;
    }

    private Optional<CopyAddedToInventoryEvent> copyOf(InventoryId copy) {
        CopyAddedToInventoryEvent known = copies.get(copy.value());
        if (known != null) {
            return Optional.of(known);
        }
        Optional<CopyAddedToInventoryEvent> added = stream(copy.toString()).stream().filter(CopyAddedToInventoryEvent.class::isInstance)
                .map(CopyAddedToInventoryEvent.class::cast).findFirst();
        added.ifPresent(event -> copies.put(copy.value(), event));
        return added;
    }

    /** A stream's payloads as stored, including what this transaction appended before. */
    private List<Object> stream(String aggregateId) {
        appendPending.run();
        List<Object> payloads = new ArrayList<>();
        events.readEvents(aggregateId).asStream().map(DomainEventMessage::getPayload).forEach(payloads::add);
        return payloads;
    }

    private Address address(int addressId) throws SQLException {
        try (PreparedStatement select = legacy.prepareStatement("SELECT " + LegacyMapping.ADDRESS_COLUMNS
                + " FROM address a " + LegacyMapping.ADDRESS_JOINS + " WHERE a.address_id = ?")) {
            select.setInt(1, addressId);
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    throw new IllegalStateException("address " + addressId + " is not in the legacy database");
                }
                return LegacyMapping.address(new ResultSetRow(row));
            }
        }
    }
}
