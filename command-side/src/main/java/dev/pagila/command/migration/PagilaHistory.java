package dev.pagila.command.migration;

import dev.pagila.command.sales.LateFeePolicy;
import dev.pagila.kernel.catalog.FilmId;
import dev.pagila.kernel.money.Money;
import dev.pagila.kernel.sales.FilmRentedEvent;
import dev.pagila.kernel.sales.PaymentTakenEvent;
import dev.pagila.kernel.sales.RentalReturnedEvent;
import dev.pagila.kernel.sales.RentalTerms;
import dev.pagila.kernel.stores.StoreId;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
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
 * repaired; what does not fit today's rules is counted as an anomaly. What a row means as events is
 * {@link LegacyMapping}'s, which the follower shares; here is what to select and in which order to emit.
 */
final class PagilaHistory {

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
        each("language", "SELECT language_id, name, last_update FROM language ORDER BY language_id",
                row -> emit(sink, LegacyMapping.language(row)));
    }

    private void actors(Consumer<HistoricEvent> sink) throws SQLException {
        each("actor", "SELECT actor_id, first_name, last_name, last_update FROM actor ORDER BY actor_id",
                row -> emit(sink, LegacyMapping.actor(row)));
    }

    private void categories(Consumer<HistoricEvent> sink) throws SQLException {
        each("category", "SELECT category_id, name, last_update FROM category ORDER BY category_id",
                row -> emit(sink, LegacyMapping.category(row)));
    }

    private void films(Consumer<HistoricEvent> sink) throws SQLException {
        each("film", "SELECT " + LegacyMapping.FILM_COLUMNS + " FROM film ORDER BY film_id",
                row -> emit(sink, LegacyMapping.film(row)));
        each("film_actor", "SELECT film_id, actor_id, last_update FROM film_actor ORDER BY film_id, actor_id",
                row -> emit(sink, LegacyMapping.cast(row)));
        each("film_category", "SELECT film_id, category_id, last_update FROM film_category ORDER BY film_id, category_id",
                row -> emit(sink, LegacyMapping.categorized(row)));
    }

    private void stores(Consumer<HistoricEvent> sink) throws SQLException {
        each("store", "SELECT x.store_id, x.manager_staff_id, x.last_update, " + withAddress("store") + " ORDER BY x.store_id",
                row -> emit(sink, LegacyMapping.store(row, LegacyMapping.address(row))));
    }

    private void staff(Consumer<HistoricEvent> sink) throws SQLException {
        each("staff", "SELECT x.staff_id, x.first_name, x.last_name, x.email, x.store_id, x.username, x.active,"
                + " x.last_update, " + withAddress("staff") + " ORDER BY x.staff_id",
                row -> emit(sink, LegacyMapping.staff(row, LegacyMapping.address(row))));
    }

    private void customers(Consumer<HistoricEvent> sink) throws SQLException {
        each("customer", "SELECT x.customer_id, x.store_id, x.first_name, x.last_name, x.email, x.activebool,"
                + " x.create_date, " + withAddress("customer") + " ORDER BY x.customer_id",
                row -> emit(sink, LegacyMapping.customer(row, LegacyMapping.address(row), zone)));
    }

    private void inventory(Consumer<HistoricEvent> sink) throws SQLException {
        each("inventory", "SELECT inventory_id, film_id, store_id, last_update FROM inventory ORDER BY inventory_id",
                row -> emit(sink, LegacyMapping.copy(row)));
    }

    /** A copy's rentals and returns, in the order they happened; a return before a rental at the same instant. */
    private void rentalsAndReturns(Consumer<HistoricEvent> sink) throws SQLException {
        record Move(Instant at, int order, int rentalId, LegacyEvent<?> event) {
        }
        List<Move> moves = new ArrayList<>();
        each("rental", """
                SELECT r.rental_id, r.rental_date, r.inventory_id, r.customer_id, r.return_date, r.staff_id,
                       i.film_id, i.store_id, f.rental_duration, f.rental_rate
                FROM rental r JOIN inventory i ON i.inventory_id = r.inventory_id JOIN film f ON f.film_id = i.film_id
                ORDER BY r.rental_id""", row -> {
            // Pagila keeps no price history: rented on the film's terms
            RentalTerms terms = new RentalTerms(Money.of(row.decimal("rental_rate")), row.integer("rental_duration"));
            LegacyEvent<FilmRentedEvent> rented = LegacyMapping.rented(row, FilmId.of(row.integer("film_id")),
                    StoreId.of(row.integer("store_id")), terms, lateFees);
            int rental = rented.payload().rentalId().value();
            moves.add(new Move(rented.timestamp(), 1, rental, rented));
            if (row.instant("return_date") != null) {
                LegacyEvent<RentalReturnedEvent> returned = LegacyMapping.returned(row, rented.payload(), lateFees);
                moves.add(new Move(returned.timestamp(), 0, rental, returned));
            } else {
                anomalies.merge("rentals never returned", 1L, Long::sum);
            }
        });
        moves.sort(Comparator.comparing(Move::at).thenComparingInt(Move::order).thenComparingInt(Move::rentalId));
        Map<String, Set<Integer>> openRentals = new HashMap<>();
        for (Move move : moves) {
            Set<Integer> open = openRentals.computeIfAbsent(move.event().aggregateId(), copy -> new HashSet<>());
            if (move.event().payload() instanceof FilmRentedEvent rented) {
                if (!open.isEmpty()) {
                    anomalies.merge("rentals of a copy that was already out", 1L, Long::sum);
                }
                open.add(rented.rentalId().value());
            } else if (move.event().payload() instanceof RentalReturnedEvent returned) {
                open.remove(returned.rentalId().value());
            }
            emit(sink, move.event());
        }
    }

    private void payments(Consumer<HistoricEvent> sink) throws SQLException {
        each("payment", """
                SELECT p.payment_id, p.customer_id, p.staff_id, p.rental_id, p.amount, p.payment_date,
                       r.rental_date, r.customer_id AS renter_id
                FROM payment p LEFT JOIN rental r ON r.rental_id = p.rental_id
                ORDER BY p.payment_date, p.payment_id""", row -> {
            LegacyEvent<PaymentTakenEvent> paid = LegacyMapping.payment(row);
            PaymentTakenEvent payment = paid.payload();
            Instant rentedAt = row.instant("rental_date");
            if (rentedAt != null && payment.paidAt().isBefore(rentedAt)) {
                anomalies.merge("payments dated before their rental", 1L, Long::sum);
            }
            Integer renter = row.optionalInteger("renter_id");
            if (renter != null && renter != payment.customerId().value()) {
                anomalies.merge("payments by another customer than the renter", 1L, Long::sum);
            }
            if (payment.amount().amount().signum() == 0) {
                anomalies.merge("zero payments", 1L, Long::sum);
            }
            emit(sink, paid);
        });
    }

    private void filmAnomalies() throws SQLException {
        anomalies.put("films with no actor",
                count("SELECT count(*) FROM film f WHERE NOT EXISTS (SELECT 1 FROM film_actor fa WHERE fa.film_id = f.film_id)"));
        anomalies.put("films with no copy",
                count("SELECT count(*) FROM film f WHERE NOT EXISTS (SELECT 1 FROM inventory i WHERE i.film_id = f.film_id)"));
    }

    /** The columns of the address a row of {@code table x} names, and the joins they need (see {@link LegacyMapping#address}). */
    private static String withAddress(String table) {
        return LegacyMapping.ADDRESS_COLUMNS + " FROM " + table + " x JOIN address a ON a.address_id = x.address_id "
                + LegacyMapping.ADDRESS_JOINS;
    }

    private void emit(Consumer<HistoricEvent> sink, LegacyEvent<?> event) {
        long sequence = nextSequence.merge(event.aggregateId(), 1L, Long::sum) - 1;
        sink.accept(new HistoricEvent(event.aggregateType(), event.aggregateId(), sequence, event.timestamp(), event.payload()));
    }

    @FunctionalInterface
    private interface RowHandler {
        void handle(LegacyRow row) throws SQLException;
    }

    private void each(String table, String sql, RowHandler handler) throws SQLException {
        long rows = 0;
        try (PreparedStatement statement = source.prepareStatement(sql)) {
            statement.setFetchSize(5000);
            try (ResultSet result = statement.executeQuery()) {
                LegacyRow row = new ResultSetRow(result);
                while (result.next()) {
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
}
