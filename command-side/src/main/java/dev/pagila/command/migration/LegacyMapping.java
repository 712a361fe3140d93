package dev.pagila.command.migration;

import dev.pagila.command.sales.LateFeePolicy;
import dev.pagila.kernel.catalog.ActorCastEvent;
import dev.pagila.kernel.catalog.ActorId;
import dev.pagila.kernel.catalog.ActorRegisteredEvent;
import dev.pagila.kernel.catalog.ActorRemovedFromFilmEvent;
import dev.pagila.kernel.catalog.CategoryCreatedEvent;
import dev.pagila.kernel.catalog.CategoryId;
import dev.pagila.kernel.catalog.FilmCategorizedEvent;
import dev.pagila.kernel.catalog.FilmDetails;
import dev.pagila.kernel.catalog.FilmId;
import dev.pagila.kernel.catalog.FilmRegisteredEvent;
import dev.pagila.kernel.catalog.FilmUncategorizedEvent;
import dev.pagila.kernel.catalog.LanguageId;
import dev.pagila.kernel.catalog.LanguageRegisteredEvent;
import dev.pagila.kernel.catalog.Rating;
import dev.pagila.kernel.catalog.SpecialFeature;
import dev.pagila.kernel.customers.CustomerDetailsChangedEvent;
import dev.pagila.kernel.customers.CustomerId;
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
import dev.pagila.kernel.stores.InventoryId;
import dev.pagila.kernel.stores.StaffHiredEvent;
import dev.pagila.kernel.stores.StaffId;
import dev.pagila.kernel.stores.StoreId;
import dev.pagila.kernel.stores.StoreOpenedEvent;

import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneId;

/**
 * What a row of each legacy table means as events: the one mapping the import ({@link PagilaHistory}) and the
 * follower ({@link LegacyChanges}) share, so a row yields the same events whichever of them reads it. Rows are read
 * by column name ({@link LegacyRow}); where a row lacks what its event needs (an address, a rental's terms) the
 * caller passes it in. Which events a change yields beyond these (a rename, a price change) is the follower's.
 */
final class LegacyMapping {

    /** The film columns {@link #film} reads, as the import selects them. */
    static final String FILM_COLUMNS = """
            film_id, title, description, release_year, language_id, original_language_id, rental_duration,
            rental_rate, length, replacement_cost, rating::text AS rating, special_features, last_update""";

    /** The columns {@link #address} reads, of {@code address a} joined by {@link #ADDRESS_JOINS}. */
    static final String ADDRESS_COLUMNS = "a.address, a.address2, a.district, ci.city, co.country, a.postal_code, a.phone";

    static final String ADDRESS_JOINS = "JOIN city ci ON ci.city_id = a.city_id JOIN country co ON co.country_id = ci.country_id";

    private LegacyMapping() {
    }

    /** {@code language}: its name without the blank padding of {@code character(20)}, as SQL's {@code trim} leaves it. */
    static LegacyEvent<LanguageRegisteredEvent> language(LegacyRow row) throws SQLException {
        LanguageId id = LanguageId.of(row.integer("language_id"));
        return event("Language", id, row.instant("last_update"), new LanguageRegisteredEvent(id, trimBlanks(row.text("name"))));
    }

    static LegacyEvent<ActorRegisteredEvent> actor(LegacyRow row) throws SQLException {
        ActorId id = ActorId.of(row.integer("actor_id"));
        return event("Actor", id, row.instant("last_update"),
                new ActorRegisteredEvent(id, row.text("first_name"), row.text("last_name")));
    }

    static LegacyEvent<CategoryCreatedEvent> category(LegacyRow row) throws SQLException {
        CategoryId id = CategoryId.of(row.integer("category_id"));
        return event("Category", id, row.instant("last_update"), new CategoryCreatedEvent(id, row.text("name")));
    }

    /** {@code film}, registered; its columns are {@link #FILM_COLUMNS}. */
    static LegacyEvent<FilmRegisteredEvent> film(LegacyRow row) throws SQLException {
        FilmId id = FilmId.of(row.integer("film_id"));
        return event("Film", id, row.instant("last_update"), new FilmRegisteredEvent(id, filmDetails(row)));
    }

    /** The one way a film row becomes {@link FilmDetails}. */
    static FilmDetails filmDetails(LegacyRow row) throws SQLException {
        Integer originalLanguage = row.optionalInteger("original_language_id");
        String rating = row.text("rating");
        return new FilmDetails(row.text("title"), row.text("description"), row.optionalInteger("release_year"),
                LanguageId.of(row.integer("language_id")), originalLanguage == null ? null : LanguageId.of(originalLanguage),
                row.integer("rental_duration"), Money.of(row.decimal("rental_rate")), row.optionalInteger("length"),
                Money.of(row.decimal("replacement_cost")), rating == null ? null : Rating.fromLabel(rating),
                row.textArray("special_features").stream().map(SpecialFeature::fromLabel).toList());
    }

    /** {@code film_actor} inserted. */
    static LegacyEvent<ActorCastEvent> cast(LegacyRow row) throws SQLException {
        FilmId film = FilmId.of(row.integer("film_id"));
        return event("Film", film, row.instant("last_update"), new ActorCastEvent(film, ActorId.of(row.integer("actor_id"))));
    }

    /** {@code film_actor} deleted: the row's key, and when the deletion was committed. */
    static LegacyEvent<ActorRemovedFromFilmEvent> uncast(LegacyRow key, Instant deletedAt) throws SQLException {
        FilmId film = FilmId.of(key.integer("film_id"));
        return event("Film", film, deletedAt, new ActorRemovedFromFilmEvent(film, ActorId.of(key.integer("actor_id"))));
    }

    /** {@code film_category} inserted. */
    static LegacyEvent<FilmCategorizedEvent> categorized(LegacyRow row) throws SQLException {
        FilmId film = FilmId.of(row.integer("film_id"));
        return event("Film", film, row.instant("last_update"),
                new FilmCategorizedEvent(film, CategoryId.of(row.integer("category_id"))));
    }

    /** {@code film_category} deleted: the row's key, and when the deletion was committed. */
    static LegacyEvent<FilmUncategorizedEvent> uncategorized(LegacyRow key, Instant deletedAt) throws SQLException {
        FilmId film = FilmId.of(key.integer("film_id"));
        return event("Film", film, deletedAt, new FilmUncategorizedEvent(film, CategoryId.of(key.integer("category_id"))));
    }

    /** An {@code address} with its city and country: the {@link #ADDRESS_COLUMNS}. */
    static Address address(LegacyRow row) throws SQLException {
        return new Address(row.text("address"), row.text("address2"), row.text("district"), row.text("city"),
                row.text("country"), row.text("postal_code"), row.text("phone"));
    }

    /** {@code store}, with the address its {@code address_id} names. */
    static LegacyEvent<StoreOpenedEvent> store(LegacyRow row, Address address) throws SQLException {
        StoreId id = StoreId.of(row.integer("store_id"));
        return event("Store", id, row.instant("last_update"),
                new StoreOpenedEvent(id, StaffId.of(row.integer("manager_staff_id")), address));
    }

    /** {@code staff}, with the address its {@code address_id} names; the password is never read here. */
    static LegacyEvent<StaffHiredEvent> staff(LegacyRow row, Address address) throws SQLException {
        StaffId id = StaffId.of(row.integer("staff_id"));
        return event("Staff", id, row.instant("last_update"), new StaffHiredEvent(id, row.text("first_name"),
                row.text("last_name"), address, row.text("email"), StoreId.of(row.integer("store_id")),
                row.text("username"), row.bool("active")));
    }

    /** {@code customer}, registered on the day they joined (its start in {@code zone}). */
    static LegacyEvent<CustomerRegisteredEvent> customer(LegacyRow row, Address address, ZoneId zone) throws SQLException {
        CustomerDetailsChangedEvent details = customerDetails(row, address);
        Instant joined = row.date("create_date").atStartOfDay(zone).toInstant();
        return event("Customer", details.customerId(), joined, new CustomerRegisteredEvent(details.customerId(),
                details.storeId(), details.firstName(), details.lastName(), details.email(), details.address(),
                row.bool("activebool")));
    }

    /** A customer's details as their row states them, the address as given. */
    static CustomerDetailsChangedEvent customerDetails(LegacyRow row, Address address) throws SQLException {
        return new CustomerDetailsChangedEvent(CustomerId.of(row.integer("customer_id")), StoreId.of(row.integer("store_id")),
                row.text("first_name"), row.text("last_name"), row.text("email"), address);
    }

    /** {@code inventory} inserted. */
    static LegacyEvent<CopyAddedToInventoryEvent> copy(LegacyRow row) throws SQLException {
        InventoryId id = InventoryId.of(row.integer("inventory_id"));
        return event("InventoryItem", id, row.instant("last_update"),
                new CopyAddedToInventoryEvent(id, FilmId.of(row.integer("film_id")), StoreId.of(row.integer("store_id"))));
    }

    /** {@code rental}, rented: of the copy's film and store, on the film's {@code terms} (Pagila keeps no price history). */
    static LegacyEvent<FilmRentedEvent> rented(LegacyRow row, FilmId film, StoreId store, RentalTerms terms,
                                               LateFeePolicy lateFees) throws SQLException {
        InventoryId copy = InventoryId.of(row.integer("inventory_id"));
        Instant rentedAt = row.instant("rental_date");
        return event("InventoryItem", copy, rentedAt, new FilmRentedEvent(RentalId.of(row.integer("rental_id")), copy, film,
                store, CustomerId.of(row.integer("customer_id")), StaffId.of(row.integer("staff_id")), rentedAt,
                lateFees.dueAt(rentedAt, terms.rentalDuration()), terms.rentalRate(), terms.rentalDuration()));
    }

    /** {@code rental} with its {@code return_date} set: returned, late by the terms it was {@code rented} on. */
    static LegacyEvent<RentalReturnedEvent> returned(LegacyRow row, FilmRentedEvent rented, LateFeePolicy lateFees)
            throws SQLException {
        InventoryId copy = InventoryId.of(row.integer("inventory_id"));
        Instant returnedAt = row.instant("return_date");
        int lateDays = lateFees.lateDays(rented.rentedAt(), rented.dueAt(), returnedAt);
        return event("InventoryItem", copy, returnedAt, new RentalReturnedEvent(RentalId.of(row.integer("rental_id")), copy,
                rented.filmId(), rented.storeId(), rented.customerId(), rented.rentedAt(), returnedAt, lateDays,
                lateFees.lateFee(lateDays)));
    }

    /** {@code payment}, of a rental or of none. */
    static LegacyEvent<PaymentTakenEvent> payment(LegacyRow row) throws SQLException {
        CustomerId customer = CustomerId.of(row.integer("customer_id"));
        Integer rental = row.optionalInteger("rental_id");
        Instant paidAt = row.instant("payment_date");
        return event("Customer", customer, paidAt, new PaymentTakenEvent(PaymentId.of(row.integer("payment_id")), customer,
                StaffId.of(row.integer("staff_id")), rental == null ? null : RentalId.of(rental),
                Money.of(row.decimal("amount")), paidAt));
    }

    private static <P> LegacyEvent<P> event(String aggregateType, Object aggregateId, Instant at, P payload) {
        return new LegacyEvent<>(aggregateType, aggregateId.toString(), at, payload);
    }

    /** What SQL's {@code trim} leaves: no spaces at either end (other blanks stay). */
    private static String trimBlanks(String text) {
        if (text == null) {
            return null;
        }
        int start = 0;
        int end = text.length();
        while (start < end && text.charAt(start) == ' ') {
            start++;
        }
        while (end > start && text.charAt(end - 1) == ' ') {
            end--;
        }
        return text.substring(start, end);
    }
}
