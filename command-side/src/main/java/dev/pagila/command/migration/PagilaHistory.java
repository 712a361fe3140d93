package dev.pagila.command.migration;

import dev.pagila.command.sales.LateFeePolicy;
import dev.pagila.kernel.catalog.ActorCastEvent;
import dev.pagila.kernel.catalog.ActorId;
import dev.pagila.kernel.catalog.ActorRegisteredEvent;
import dev.pagila.kernel.catalog.CategoryCreatedEvent;
import dev.pagila.kernel.catalog.CategoryId;
import dev.pagila.kernel.catalog.FilmCategorizedEvent;
import dev.pagila.kernel.catalog.FilmDetails;
import dev.pagila.kernel.catalog.FilmId;
import dev.pagila.kernel.catalog.FilmRegisteredEvent;
import dev.pagila.kernel.catalog.LanguageId;
import dev.pagila.kernel.catalog.LanguageRegisteredEvent;
import dev.pagila.kernel.catalog.Rating;
import dev.pagila.kernel.catalog.SpecialFeature;
import dev.pagila.kernel.customers.CustomerId;
import dev.pagila.kernel.customers.CustomerRegisteredEvent;
import dev.pagila.kernel.money.Money;
import dev.pagila.kernel.sales.FilmRentedEvent;
import dev.pagila.kernel.sales.PaymentId;
import dev.pagila.kernel.sales.PaymentTakenEvent;
import dev.pagila.kernel.sales.RentalId;
import dev.pagila.kernel.sales.RentalReturnedEvent;
import dev.pagila.kernel.shared.Address;
import dev.pagila.kernel.stores.CopyAddedToInventoryEvent;
import dev.pagila.kernel.stores.InventoryId;
import dev.pagila.kernel.stores.StaffHiredEvent;
import dev.pagila.kernel.stores.StaffId;
import dev.pagila.kernel.stores.StoreId;
import dev.pagila.kernel.stores.StoreOpenedEvent;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Reads a live Pagila database and turns every row into events of the streams they belong to, with their
 * original ids and timestamps, in an order that never changes for the same data. Nothing is dropped or
 * repaired; what does not fit today's rules is counted as an anomaly.
 */
final class PagilaHistory {

    private static final String ADDRESS = """
            a.address, a.address2, a.district, ci.city, co.country, a.postal_code, a.phone
            FROM %s x JOIN address a ON a.address_id = x.address_id
            JOIN city ci ON ci.city_id = a.city_id JOIN country co ON co.country_id = ci.country_id""";

    private final Connection source;
    private final LateFeePolicy lateFees;
    private final ZoneId zone;
    private final Map<String, Long> rowsPerTable = new LinkedHashMap<>();
    private final Map<String, Long> anomalies = new LinkedHashMap<>();
    private final Map<String, Long> nextSequence = new HashMap<>();

    PagilaHistory(Connection source, LateFeePolicy lateFees) {
        this.source = source;
        this.lateFees = lateFees;
        this.zone = lateFees.zone();
    }

    Map<String, Long> rowsPerTable() {
        return rowsPerTable;
    }

    Map<String, Long> anomalies() {
        return anomalies;
    }

    /** How many events the history will yield, for progress and ETA. */
    long expectedEvents() throws SQLException {
        return count("SELECT (SELECT count(*) FROM language) + (SELECT count(*) FROM actor) + (SELECT count(*) FROM category)"
                + " + (SELECT count(*) FROM film) + (SELECT count(*) FROM film_actor) + (SELECT count(*) FROM film_category)"
                + " + (SELECT count(*) FROM store) + (SELECT count(*) FROM staff) + (SELECT count(*) FROM customer)"
                + " + (SELECT count(*) FROM inventory) + (SELECT count(*) FROM rental)"
                + " + (SELECT count(return_date) FROM rental) + (SELECT count(*) FROM payment)");
    }

    /** The highest id of each legacy table, so new ids can start above them. */
    Map<String, Long> highestIds() throws SQLException {
        Map<String, Long> highest = new LinkedHashMap<>();
        for (String table : List.of("language", "film", "actor", "category", "store", "staff", "inventory", "customer",
                "rental", "payment")) {
            highest.put(table, count("SELECT coalesce(max(" + table + "_id), 0) FROM " + table));
        }
        return highest;
    }

    void replay(Consumer<HistoricEvent> sink) throws SQLException {
        languages(sink);
        actors(sink);
        categories(sink);
        films(sink);
        stores(sink);
        staff(sink);
        customers(sink);
        inventory(sink);
        rentalsAndReturns(sink);
        payments(sink);
        filmAnomalies();
    }

    private void languages(Consumer<HistoricEvent> sink) throws SQLException {
        each("language", "SELECT language_id, trim(name), last_update FROM language ORDER BY language_id", row -> {
            LanguageId id = LanguageId.of(row.getInt(1));
            emit(sink, "Language", id, instant(row, 3), new LanguageRegisteredEvent(id, row.getString(2)));
        });
    }

    private void actors(Consumer<HistoricEvent> sink) throws SQLException {
        each("actor", "SELECT actor_id, first_name, last_name, last_update FROM actor ORDER BY actor_id", row -> {
            ActorId id = ActorId.of(row.getInt(1));
            emit(sink, "Actor", id, instant(row, 4), new ActorRegisteredEvent(id, row.getString(2), row.getString(3)));
        });
    }

    private void categories(Consumer<HistoricEvent> sink) throws SQLException {
        each("category", "SELECT category_id, name, last_update FROM category ORDER BY category_id", row -> {
            CategoryId id = CategoryId.of(row.getInt(1));
            emit(sink, "Category", id, instant(row, 3), new CategoryCreatedEvent(id, row.getString(2)));
        });
    }

    private void films(Consumer<HistoricEvent> sink) throws SQLException {
        each("film", """
                SELECT film_id, title, description, release_year, language_id, original_language_id, rental_duration,
                       rental_rate, length, replacement_cost, rating::text, special_features, last_update
                FROM film ORDER BY film_id""", row -> {
            FilmId id = FilmId.of(row.getInt(1));
            FilmDetails details = new FilmDetails(row.getString(2), row.getString(3), integer(row, 4),
                    LanguageId.of(row.getInt(5)), integer(row, 6) == null ? null : LanguageId.of(row.getInt(6)),
                    row.getInt(7), new Money(row.getBigDecimal(8)), integer(row, 9), new Money(row.getBigDecimal(10)),
                    row.getString(11) == null ? null : Rating.fromLabel(row.getString(11)), specialFeatures(row.getArray(12)));
            emit(sink, "Film", id, instant(row, 13), new FilmRegisteredEvent(id, details));
        });
        each("film_actor", "SELECT film_id, actor_id, last_update FROM film_actor ORDER BY film_id, actor_id", row -> {
            FilmId film = FilmId.of(row.getInt(1));
            emit(sink, "Film", film, instant(row, 3), new ActorCastEvent(film, ActorId.of(row.getInt(2))));
        });
        each("film_category", "SELECT film_id, category_id, last_update FROM film_category ORDER BY film_id, category_id", row -> {
            FilmId film = FilmId.of(row.getInt(1));
            emit(sink, "Film", film, instant(row, 3), new FilmCategorizedEvent(film, CategoryId.of(row.getInt(2))));
        });
    }

    private void stores(Consumer<HistoricEvent> sink) throws SQLException {
        each("store", "SELECT x.store_id, x.manager_staff_id, x.last_update, " + ADDRESS.formatted("store")
                + " ORDER BY x.store_id", row -> {
            StoreId id = StoreId.of(row.getInt(1));
            emit(sink, "Store", id, instant(row, 3), new StoreOpenedEvent(id, StaffId.of(row.getInt(2)), address(row, 4)));
        });
    }

    private void staff(Consumer<HistoricEvent> sink) throws SQLException {
        each("staff", "SELECT x.staff_id, x.first_name, x.last_name, x.email, x.store_id, x.username, x.active,"
                + " x.last_update, " + ADDRESS.formatted("staff") + " ORDER BY x.staff_id", row -> {
            StaffId id = StaffId.of(row.getInt(1));
            emit(sink, "Staff", id, instant(row, 8), new StaffHiredEvent(id, row.getString(2), row.getString(3),
                    address(row, 9), row.getString(4), StoreId.of(row.getInt(5)), row.getString(6), row.getBoolean(7)));
        });
    }

    private void customers(Consumer<HistoricEvent> sink) throws SQLException {
        each("customer", "SELECT x.customer_id, x.store_id, x.first_name, x.last_name, x.email, x.activebool,"
                + " x.create_date, " + ADDRESS.formatted("customer") + " ORDER BY x.customer_id", row -> {
            CustomerId id = CustomerId.of(row.getInt(1));
            Instant joined = row.getObject(7, LocalDate.class).atStartOfDay(zone).toInstant();
            emit(sink, "Customer", id, joined, new CustomerRegisteredEvent(id, StoreId.of(row.getInt(2)), row.getString(3),
                    row.getString(4), row.getString(5), address(row, 8), row.getBoolean(6)));
        });
    }

    private void inventory(Consumer<HistoricEvent> sink) throws SQLException {
        each("inventory", "SELECT inventory_id, film_id, store_id, last_update FROM inventory ORDER BY inventory_id", row -> {
            InventoryId id = InventoryId.of(row.getInt(1));
            emit(sink, "InventoryItem", id, instant(row, 4),
                    new CopyAddedToInventoryEvent(id, FilmId.of(row.getInt(2)), StoreId.of(row.getInt(3))));
        });
    }

    /** A copy's rentals and returns, in the order they happened; a return before a rental at the same instant. */
    private void rentalsAndReturns(Consumer<HistoricEvent> sink) throws SQLException {
        record Move(Instant at, int order, int rentalId, HistoricFact fact) {
        }
        List<Move> moves = new ArrayList<>();
        each("rental", """
                SELECT r.rental_id, r.rental_date, r.inventory_id, r.customer_id, r.return_date, r.staff_id,
                       i.film_id, i.store_id, f.rental_duration, f.rental_rate
                FROM rental r JOIN inventory i ON i.inventory_id = r.inventory_id JOIN film f ON f.film_id = i.film_id
                ORDER BY r.rental_id""", row -> {
            RentalId rental = RentalId.of(row.getInt(1));
            InventoryId copy = InventoryId.of(row.getInt(3));
            Instant rentedAt = instant(row, 2);
            Instant dueAt = lateFees.dueAt(rentedAt, row.getInt(9));
            FilmRentedEvent rented = new FilmRentedEvent(rental, copy, FilmId.of(row.getInt(7)), StoreId.of(row.getInt(8)),
                    CustomerId.of(row.getInt(4)), StaffId.of(row.getInt(6)), rentedAt, dueAt,
                    Money.of(row.getBigDecimal(10)), row.getInt(9)); // Pagila keeps no price history: the film's terms
            moves.add(new Move(rentedAt, 1, rental.value(), new HistoricFact(copy, rented)));
            Instant returnedAt = instant(row, 5);
            if (returnedAt != null) {
                int lateDays = lateFees.lateDays(rentedAt, dueAt, returnedAt);
                moves.add(new Move(returnedAt, 0, rental.value(), new HistoricFact(copy, new RentalReturnedEvent(rental,
                        copy, rented.filmId(), rented.storeId(), rented.customerId(), rentedAt, returnedAt, lateDays,
                        lateFees.lateFee(lateDays)))));
            } else {
                anomalies.merge("rentals never returned", 1L, Long::sum);
            }
        });
        moves.sort(Comparator.comparing(Move::at).thenComparingInt(Move::order).thenComparingInt(Move::rentalId));
        Map<Integer, Set<Integer>> openRentals = new HashMap<>();
        for (Move move : moves) {
            Set<Integer> open = openRentals.computeIfAbsent(move.fact().copy().value(), copy -> new HashSet<>());
            if (move.fact().event() instanceof FilmRentedEvent rented) {
                if (!open.isEmpty()) {
                    anomalies.merge("rentals of a copy that was already out", 1L, Long::sum);
                }
                open.add(rented.rentalId().value());
            } else if (move.fact().event() instanceof RentalReturnedEvent returned) {
                open.remove(returned.rentalId().value());
            }
            emit(sink, "InventoryItem", move.fact().copy(), move.at(), move.fact().event());
        }
    }

    private void payments(Consumer<HistoricEvent> sink) throws SQLException {
        each("payment", """
                SELECT p.payment_id, p.customer_id, p.staff_id, p.rental_id, p.amount, p.payment_date,
                       r.rental_date, r.customer_id
                FROM payment p LEFT JOIN rental r ON r.rental_id = p.rental_id
                ORDER BY p.payment_date, p.payment_id""", row -> {
            CustomerId customer = CustomerId.of(row.getInt(2));
            Integer rental = integer(row, 4);
            Money amount = new Money(row.getBigDecimal(5));
            Instant paidAt = instant(row, 6);
            Instant rentedAt = instant(row, 7);
            if (rentedAt != null && paidAt.isBefore(rentedAt)) {
                anomalies.merge("payments dated before their rental", 1L, Long::sum);
            }
            Integer renter = integer(row, 8);
            if (renter != null && renter != customer.value()) {
                anomalies.merge("payments by another customer than the renter", 1L, Long::sum);
            }
            if (amount.amount().signum() == 0) {
                anomalies.merge("zero payments", 1L, Long::sum);
            }
            emit(sink, "Customer", customer, paidAt, new PaymentTakenEvent(PaymentId.of(row.getInt(1)), customer,
                    StaffId.of(row.getInt(3)), rental == null ? null : RentalId.of(rental), amount, paidAt));
        });
    }

    private void filmAnomalies() throws SQLException {
        anomalies.put("films with no actor",
                count("SELECT count(*) FROM film f WHERE NOT EXISTS (SELECT 1 FROM film_actor fa WHERE fa.film_id = f.film_id)"));
        anomalies.put("films with no copy",
                count("SELECT count(*) FROM film f WHERE NOT EXISTS (SELECT 1 FROM inventory i WHERE i.film_id = f.film_id)"));
    }

    private record HistoricFact(InventoryId copy, Object event) {
    }

    private void emit(Consumer<HistoricEvent> sink, String type, Object aggregateId, Instant at, Object payload) {
        String stream = aggregateId.toString();
        long sequence = nextSequence.merge(stream, 1L, Long::sum) - 1;
        sink.accept(new HistoricEvent(type, stream, sequence, at, payload));
    }

    @FunctionalInterface
    private interface RowHandler {
        void handle(ResultSet row) throws SQLException;
    }

    private void each(String table, String sql, RowHandler handler) throws SQLException {
        long rows = 0;
        try (PreparedStatement statement = source.prepareStatement(sql)) {
            statement.setFetchSize(5000);
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    handler.handle(row);
                    rows++;
                }
            }
        }
        rowsPerTable.put(table, rows);
    }

    private long count(String sql) throws SQLException {
        try (PreparedStatement statement = source.prepareStatement(sql); ResultSet result = statement.executeQuery()) {
            result.next();
            return result.getLong(1);
        }
    }

    private static Instant instant(ResultSet row, int column) throws SQLException {
        OffsetDateTime value = row.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private static Integer integer(ResultSet row, int column) throws SQLException {
        int value = row.getInt(column);
        return row.wasNull() ? null : value;
    }

    private static Address address(ResultSet row, int first) throws SQLException {
        return new Address(row.getString(first), row.getString(first + 1), row.getString(first + 2),
                row.getString(first + 3), row.getString(first + 4), row.getString(first + 5), row.getString(first + 6));
    }

    private static List<SpecialFeature> specialFeatures(Array array) throws SQLException {
        if (array == null) {
            return List.of();
        }
        return Arrays.stream((String[]) array.getArray()).map(SpecialFeature::fromLabel).toList();
    }
}
