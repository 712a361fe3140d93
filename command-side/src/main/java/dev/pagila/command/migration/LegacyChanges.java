package dev.pagila.command.migration;

import dev.pagila.command.sales.LateFeePolicy;
import dev.pagila.command.shared.CommandLookups;
import dev.pagila.kernel.catalog.ActorCastEvent;
import dev.pagila.kernel.catalog.ActorId;
import dev.pagila.kernel.catalog.ActorRegisteredEvent;
import dev.pagila.kernel.catalog.ActorRemovedFromFilmEvent;
import dev.pagila.kernel.catalog.ActorRenamedEvent;
import dev.pagila.kernel.catalog.CategoryCreatedEvent;
import dev.pagila.kernel.catalog.CategoryId;
import dev.pagila.kernel.catalog.CategoryRenamedEvent;
import dev.pagila.kernel.catalog.FilmCategorizedEvent;
import dev.pagila.kernel.catalog.FilmDetails;
import dev.pagila.kernel.catalog.FilmDetailsRevisedEvent;
import dev.pagila.kernel.catalog.FilmId;
import dev.pagila.kernel.catalog.FilmPricingChangedEvent;
import dev.pagila.kernel.catalog.FilmRegisteredEvent;
import dev.pagila.kernel.catalog.FilmUncategorizedEvent;
import dev.pagila.kernel.catalog.LanguageId;
import dev.pagila.kernel.catalog.LanguageRegisteredEvent;
import dev.pagila.kernel.catalog.Rating;
import dev.pagila.kernel.catalog.SpecialFeature;
import dev.pagila.kernel.customers.CustomerDeactivatedEvent;
import dev.pagila.kernel.customers.CustomerDetailsChangedEvent;
import dev.pagila.kernel.customers.CustomerId;
import dev.pagila.kernel.customers.CustomerReactivatedEvent;
import dev.pagila.kernel.customers.CustomerRegisteredEvent;
import dev.pagila.kernel.money.Money;
import dev.pagila.kernel.sales.FilmRentedEvent;
import dev.pagila.kernel.sales.PaymentId;
import dev.pagila.kernel.sales.PaymentTakenEvent;
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
import dev.pagila.kernel.stores.StoreId;
import dev.pagila.kernel.stores.StoreOpenedEvent;
import org.apache.kafka.connect.data.Struct;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Turns one committed change of the legacy database into the events the import would have written for it: the
 * same kinds, the legacy ids and timestamps. What the change does not carry (a copy's film, the terms a film is
 * rented on, a film's details before an update) comes from the event store as it stands, which already holds
 * every earlier change; addresses, which Pagila keeps in their own table, come from the legacy database.
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

    /** An event a change yields, before it is given its place in its stream. */
    record Followed(String aggregateType, String aggregateId, Instant timestamp, Object payload) {
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
        return Optional.of(new StaffPassword(integer(after, "staff_id"), after.getString("password")));
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
            return before == null ? Optional.empty() : Optional.of(integer(before, "staff_id"));
        }
        return Boolean.FALSE.equals(after.getBoolean("active")) ? Optional.of(integer(after, "staff_id")) : Optional.empty();
    }

    /** @param table the legacy table; @param op Debezium's c, u or d */
    List<Followed> eventsFor(String table, String op, Struct before, Struct after, Instant committedAt) throws SQLException {
        List<Followed> out = new ArrayList<>();
        switch (table) {
            case "language" -> {
                if (op.equals("c")) {
                    LanguageId id = LanguageId.of(integer(after, "language_id"));
                    out.add(new Followed("Language", id.toString(), instant(after, "last_update"),
                            new LanguageRegisteredEvent(id, after.getString("name").trim())));
                }
            }
            case "actor" -> actor(op, after, out);
            case "category" -> category(op, after, out);
            case "film" -> film(op, after, out);
            case "film_actor" -> {
                Struct row = op.equals("d") ? before : after;
                FilmId film = FilmId.of(integer(row, "film_id"));
                ActorId actor = ActorId.of(integer(row, "actor_id"));
                if (op.equals("c")) {
                    out.add(new Followed("Film", film.toString(), instant(after, "last_update"), new ActorCastEvent(film, actor)));
                } else if (op.equals("d")) {
                    out.add(new Followed("Film", film.toString(), committedAt, new ActorRemovedFromFilmEvent(film, actor)));
                }
            }
            case "film_category" -> {
                Struct row = op.equals("d") ? before : after;
                FilmId film = FilmId.of(integer(row, "film_id"));
                CategoryId category = CategoryId.of(integer(row, "category_id"));
                if (op.equals("c")) {
                    out.add(new Followed("Film", film.toString(), instant(after, "last_update"), new FilmCategorizedEvent(film, category)));
                } else if (op.equals("d")) {
                    out.add(new Followed("Film", film.toString(), committedAt, new FilmUncategorizedEvent(film, category)));
                }
            }
            case "address" -> {
                if (op.equals("u")) {
                    addressChanged(integer(after, "address_id"), instant(after, "last_update"), out);
                }
            }
            case "store" -> {
                if (op.equals("c")) {
                    StoreId id = StoreId.of(integer(after, "store_id"));
                    out.add(new Followed("Store", id.toString(), instant(after, "last_update"), new StoreOpenedEvent(id,
                            StaffId.of(integer(after, "manager_staff_id")), address(integer(after, "address_id")))));
                }
            }
            case "staff" -> staff(op, before, after, out);
            case "customer" -> customer(op, after, out);
            case "inventory" -> inventory(op, before, after, committedAt, out);
            case "rental" -> rental(op, after, out);
            case "payment" -> {
                if (op.equals("c")) {
                    CustomerId customer = CustomerId.of(integer(after, "customer_id"));
                    Instant paidAt = instant(after, "payment_date");
                    Integer rental = optionalInteger(after, "rental_id");
                    out.add(new Followed("Customer", customer.toString(), paidAt, new PaymentTakenEvent(
                            PaymentId.of(integer(after, "payment_id")), customer, StaffId.of(integer(after, "staff_id")),
                            rental == null ? null : RentalId.of(rental), Money.of(after.getString("amount")), paidAt)));
                }
            }
            default -> {
                // a table the publication names for its rows' sake only
            }
        }
        return out;
    }

    private void actor(String op, Struct after, List<Followed> out) {
        if (after == null) {
            return;
        }
        ActorId id = ActorId.of(integer(after, "actor_id"));
        String first = after.getString("first_name");
        String last = after.getString("last_name");
        if (op.equals("c")) {
            out.add(new Followed("Actor", id.toString(), instant(after, "last_update"), new ActorRegisteredEvent(id, first, last)));
            return;
        }
        String[] current = {null, null};
        for (Object event : stream(id.toString())) {
            if (event instanceof ActorRegisteredEvent registered) {
                current = new String[] {registered.firstName(), registered.lastName()};
            } else if (event instanceof ActorRenamedEvent renamed) {
                current = new String[] {renamed.firstName(), renamed.lastName()};
            }
        }
        if (!Objects.equals(current[0], first) || !Objects.equals(current[1], last)) {
            out.add(new Followed("Actor", id.toString(), instant(after, "last_update"), new ActorRenamedEvent(id, first, last)));
        }
    }

    private void category(String op, Struct after, List<Followed> out) {
        if (after == null) {
            return;
        }
        CategoryId id = CategoryId.of(integer(after, "category_id"));
        String name = after.getString("name");
        if (op.equals("c")) {
            out.add(new Followed("Category", id.toString(), instant(after, "last_update"), new CategoryCreatedEvent(id, name)));
            return;
        }
        String current = null;
        for (Object event : stream(id.toString())) {
            if (event instanceof CategoryCreatedEvent created) {
                current = created.name();
            } else if (event instanceof CategoryRenamedEvent renamed) {
                current = renamed.name();
            }
        }
        if (!Objects.equals(current, name)) {
            out.add(new Followed("Category", id.toString(), instant(after, "last_update"), new CategoryRenamedEvent(id, name)));
        }
    }

    /** An update is a price change when only the prices moved, and a revision (which carries them too) otherwise. */
    private void film(String op, Struct after, List<Followed> out) {
        if (after == null) {
            return;
        }
        FilmId id = FilmId.of(integer(after, "film_id"));
        FilmDetails details = new FilmDetails(after.getString("title"), after.getString("description"),
                optionalInteger(after, "release_year"), LanguageId.of(integer(after, "language_id")),
                optionalInteger(after, "original_language_id") == null ? null : LanguageId.of(integer(after, "original_language_id")),
                integer(after, "rental_duration"), Money.of(after.getString("rental_rate")), optionalInteger(after, "length"),
                Money.of(after.getString("replacement_cost")),
                after.getString("rating") == null ? null : Rating.fromLabel(after.getString("rating")),
                after.getArray("special_features") == null ? List.of()
                        : after.<String>getArray("special_features").stream().map(SpecialFeature::fromLabel).toList());
        Instant at = instant(after, "last_update");
        if (op.equals("c")) {
            out.add(new Followed("Film", id.toString(), at, new FilmRegisteredEvent(id, details)));
            return;
        }
        FilmDetails current = null;
        for (Object event : stream(id.toString())) {
            if (event instanceof FilmRegisteredEvent registered) {
                current = registered.details();
            } else if (event instanceof FilmDetailsRevisedEvent revised) {
                current = revised.details();
            } else if (event instanceof FilmPricingChangedEvent repriced && current != null) {
                current = withPricing(current, repriced.rentalDuration(), repriced.rentalRate(), repriced.replacementCost());
            }
        }
        if (current == null || details.equals(current)) {
            return;
        }
        if (details.equals(withPricing(current, details.rentalDuration(), details.rentalRate(), details.replacementCost()))) {
            out.add(new Followed("Film", id.toString(), at, new FilmPricingChangedEvent(id, details.rentalDuration(),
                    details.rentalRate(), details.replacementCost())));
        } else {
            out.add(new Followed("Film", id.toString(), at, new FilmDetailsRevisedEvent(id, details)));
        }
    }

    private static FilmDetails withPricing(FilmDetails details, Integer duration, Money rate, Money replacementCost) {
        return new FilmDetails(details.title(), details.description(), details.releaseYear(), details.languageId(),
                details.originalLanguageId(), duration, rate, details.length(), replacementCost, details.rating(),
                details.specialFeatures());
    }

    private void staff(String op, Struct before, Struct after, List<Followed> out) throws SQLException {
        if (after == null) {
            return;
        }
        StaffId id = StaffId.of(integer(after, "staff_id"));
        boolean active = after.getBoolean("active");
        if (op.equals("c")) {
            out.add(new Followed("Staff", id.toString(), instant(after, "last_update"), new StaffHiredEvent(id,
                    after.getString("first_name"), after.getString("last_name"), address(integer(after, "address_id")),
                    after.getString("email"), StoreId.of(integer(after, "store_id")), after.getString("username"), active)));
            return;
        }
        boolean wasActive = true;
        for (Object event : stream(id.toString())) {
            if (event instanceof StaffHiredEvent hired) {
                wasActive = hired.active();
            } else if (event instanceof StaffDeactivatedEvent) {
                wasActive = false;
            }
        }
        if (wasActive && !active) {
            out.add(new Followed("Staff", id.toString(), instant(after, "last_update"), new StaffDeactivatedEvent(id)));
        }
    }

    private void customer(String op, Struct after, List<Followed> out) throws SQLException {
        if (after == null) {
            return;
        }
        CustomerId id = CustomerId.of(integer(after, "customer_id"));
        StoreId store = StoreId.of(integer(after, "store_id"));
        Address address = address(integer(after, "address_id"));
        boolean active = after.getBoolean("activebool");
        if (op.equals("c")) {
            Instant joined = LocalDate.ofEpochDay(integer(after, "create_date")).atStartOfDay(lateFees.zone()).toInstant();
            out.add(new Followed("Customer", id.toString(), joined, new CustomerRegisteredEvent(id, store,
                    after.getString("first_name"), after.getString("last_name"), after.getString("email"), address, active)));
            return;
        }
        CustomerDetailsChangedEvent details = new CustomerDetailsChangedEvent(id, store, after.getString("first_name"),
                after.getString("last_name"), after.getString("email"), address);
        StoredCustomer stored = storedCustomer(id);
        Instant at = instant(after, "last_update");
        if (!details.equals(stored.details())) {
            out.add(new Followed("Customer", id.toString(), at, details));
        }
        if (stored.active() != active) {
            out.add(new Followed("Customer", id.toString(), at,
                    active ? new CustomerReactivatedEvent(id) : new CustomerDeactivatedEvent(id)));
        }
    }

    /** Pagila keeps addresses apart: editing one changes the details of every customer who lives there. */
    private void addressChanged(int addressId, Instant at, List<Followed> out) throws SQLException {
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
                out.add(new Followed("Customer", id.toString(), at, new CustomerDetailsChangedEvent(id, current.storeId(),
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

    private void inventory(String op, Struct before, Struct after, Instant committedAt, List<Followed> out) {
        if (op.equals("c")) {
            InventoryId id = InventoryId.of(integer(after, "inventory_id"));
            out.add(new Followed("InventoryItem", id.toString(), instant(after, "last_update"),
                    new CopyAddedToInventoryEvent(id, FilmId.of(integer(after, "film_id")), StoreId.of(integer(after, "store_id")))));
        } else if (op.equals("d")) {
            InventoryId id = InventoryId.of(integer(before, "inventory_id"));
            copyOf(id).ifPresent(copy -> out.add(new Followed("InventoryItem", id.toString(), committedAt,
                    new CopyRetiredEvent(id, copy.filmId(), copy.storeId()))));
        }
    }

    /**
     * A rental inserted is rented on the film's terms of the moment; its return date set is the return. A rental
     * inserted twice (redelivered) is recognised by its event's identity, not here.
     */
    private void rental(String op, Struct after, List<Followed> out) {
        if (after == null) {
            return;
        }
        RentalId rental = RentalId.of(integer(after, "rental_id"));
        InventoryId copy = InventoryId.of(integer(after, "inventory_id"));
        Instant returnedAt = instant(after, "return_date");
        FilmRentedEvent rented = openRentals.get(rental.value());
        if (op.equals("c")) {
            CopyAddedToInventoryEvent added = copyOf(copy).orElseThrow(() -> new IllegalStateException(
                    "rental " + rental.value() + " is of copy " + copy.value() + ", which was never added"));
            CustomerId customer = CustomerId.of(integer(after, "customer_id"));
            RentalTerms terms = termsOf(added.filmId(), customer, StaffId.of(integer(after, "staff_id")));
            Instant rentedAt = instant(after, "rental_date");
            rented = new FilmRentedEvent(rental, copy, added.filmId(), added.storeId(), customer,
                    StaffId.of(integer(after, "staff_id")), rentedAt, lateFees.dueAt(rentedAt, terms.rentalDuration()),
                    terms.rentalRate(), terms.rentalDuration());
            out.add(new Followed("InventoryItem", copy.toString(), rentedAt, rented));
        } else if (rented == null && returnedAt != null) {
            rented = stillOpen(rental, copy); // not rented through this follower, or forgotten since
        }
        if (rented != null && returnedAt != null) {
            int lateDays = lateFees.lateDays(rented.rentedAt(), rented.dueAt(), returnedAt);
            out.add(new Followed("InventoryItem", copy.toString(), returnedAt, new RentalReturnedEvent(rental, copy,
                    rented.filmId(), rented.storeId(), rented.customerId(), rented.rentedAt(), returnedAt, lateDays,
                    lateFees.lateFee(lateDays))));
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
        try (PreparedStatement select = legacy.prepareStatement("""
                SELECT a.address, a.address2, a.district, ci.city, co.country, a.postal_code, a.phone
                FROM address a JOIN city ci ON ci.city_id = a.city_id JOIN country co ON co.country_id = ci.country_id
                WHERE a.address_id = ?""")) {
            select.setInt(1, addressId);
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    throw new IllegalStateException("address " + addressId + " is not in the legacy database");
                }
                return new Address(row.getString(1), row.getString(2), row.getString(3), row.getString(4),
                        row.getString(5), row.getString(6), row.getString(7));
            }
        }
    }

    private static int integer(Struct row, String field) {
        return ((Number) row.get(field)).intValue();
    }

    private static Integer optionalInteger(Struct row, String field) {
        Object value = row.get(field);
        return value == null ? null : ((Number) value).intValue();
    }

    /** Debezium passes {@code timestamptz} as ISO-8601 text. */
    private static Instant instant(Struct row, String field) {
        String value = row.getString(field);
        return value == null ? null : OffsetDateTime.parse(value).toInstant();
    }
}
