package dev.pagila.parity;

import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * People and money: customer_list and staff_list, the two sales reports, the balance rule get_customer_balance
 * meant to implement, every customer's rental history, the rewards rule for each month of payments, and
 * the 404s for unknown ids.
 */
final class CustomerChecks {

    static final Instant BEFORE_ANY_DATA = Instant.parse("2020-01-01T00:00:00Z");
    static final Instant AFTER_ALL_DATA = Instant.parse("2030-01-01T00:00:00Z");

    /** (minPurchases, minAmount) pairs for rewards: one only steady customers pass, one most do. */
    private static final List<Thresholds> REWARD_THRESHOLDS = List.of(
            new Thresholds(7, new BigDecimal("20.00")), new Thresholds(3, new BigDecimal("10.00")));

    private final ParityContext context;
    private final Legacy legacy;
    private final QueryApi api;

    CustomerChecks(ParityContext context) {
        this.context = context;
        this.legacy = context.legacy();
        this.api = context.api();
    }

    record Person(int id, String name, String address, String zipCode, String phone, String city, String country,
                  String notes, int sid) {

        static Person read(ResultSet row) throws SQLException {
            return new Person(row.getInt("id"), row.getString("name"), row.getString("address"), row.getString("zip"),
                    row.getString("phone"), row.getString("city"), row.getString("country"), row.getString("notes"),
                    row.getInt("sid"));
        }
    }

    record StoreSales(String store, String manager, BigDecimal totalSales) {
    }

    record Balance(int customerId, Instant at, BigDecimal balance) {

        String key() {
            return "customer " + customerId + " at " + at;
        }
    }

    record Rental(int rentalId, int customerId, int copyId, int filmId, String title, int storeId, Instant rentedAt,
                  Instant returnedAt, int rentalDuration, LocalDate dueOn, Integer lateDays, BigDecimal rentalRate,
                  Instant filmChangedAt) {

        String key() {
            return "customer " + customerId + " rental " + rentalId;
        }
    }

    record Thresholds(int minPurchases, BigDecimal minAmount) {

        @Override
        public String toString() {
            return "minPurchases=" + minPurchases + " minAmount=" + minAmount.toPlainString();
        }
    }

    record RewardCall(String month, Thresholds thresholds) {

        String label() {
            return month + " " + thresholds;
        }
    }

    record Reward(int customerId, String firstName, String lastName, String email, int storeId, long purchases,
                  BigDecimal amount) {
    }

    void run() {
        people("customer_list", "SELECT id, name, address, \"zip code\" AS zip, phone, city, country, notes, sid FROM customer_list",
                "/api/customers", QueryApi.MAX_PAGE, "customer ");
        people("staff_list", "SELECT id, name, address, \"zip code\" AS zip, phone, city, country, NULL AS notes, sid FROM staff_list",
                "/api/staff", 0, "staff ");
        salesByStore();
        salesByFilmCategory();
        rentals(); // first: it learns the rates the legacy database no longer knows, which the balances need
        balances();
        rewards();
        notFound();
    }

    /** customer_list and staff_list share their columns, but for notes; staff rows have none to compare. */
    private void people(String view, String sql, String path, int pageSize, String keyPrefix) {
        ViewCheck check = context.start(view);
        Map<String, Person> expected = new LinkedHashMap<>();
        legacy.list(sql, Person::read).forEach(person -> expected.put(keyPrefix + person.id(), person));
        List<JsonNode> answered = context.itemsOrNull(check, path, pageSize);
        if (answered == null) {
            return;
        }
        boolean withNotes = view.equals("customer_list");
        context.compareKeyed(check, expected, answered, row -> keyPrefix + Json.integer(row, "id"), (person, actual, diff) -> {
            diff.text("name", person.name(), actual)
                    .text("address", person.address(), actual)
                    .text("zipCode", person.zipCode(), actual)
                    .text("phone", person.phone(), actual)
                    .text("city", person.city(), actual)
                    .text("country", person.country(), actual)
                    .integer("sid", person.sid(), actual);
            if (withNotes) {
                diff.text("notes", person.notes(), actual);
            }
        });
    }

    /** Same rows in the same order (the view orders by country and city); storeId is read beside the view. */
    private void salesByStore() {
        ViewCheck check = context.start("sales_by_store");
        List<StoreSales> expected = legacy.list("SELECT store, manager, total_sales FROM sales_by_store",
                row -> new StoreSales(row.getString("store"), row.getString("manager"), row.getBigDecimal("total_sales")));
        Map<String, Integer> storeIds = new HashMap<>();
        legacy.list("""
                SELECT s.store_id, c.city || ',' || cy.country AS store
                FROM store s JOIN address a ON a.address_id = s.address_id
                  JOIN city c ON c.city_id = a.city_id JOIN country cy ON cy.country_id = c.country_id""",
                row -> storeIds.put(row.getString("store"), row.getInt("store_id")));
        List<JsonNode> answered = context.itemsOrNull(check, "/api/reports/sales-by-store", 0);
        if (answered == null) {
            return;
        }
        for (int i = 0; i < expected.size(); i++) {
            StoreSales row = expected.get(i);
            String key = "row " + (i + 1) + " (" + row.store() + ")";
            if (i >= answered.size()) {
                check.failed(key, "missing from the API's answer");
                continue;
            }
            JsonNode actual = answered.get(i);
            check.record(key, new RowDiff()
                    .integer("storeId", storeIds.get(row.store()), actual)
                    .text("store", row.store(), actual)
                    .text("manager", row.manager(), actual)
                    .money("totalSales", row.totalSales(), actual));
        }
        for (int i = expected.size(); i < answered.size(); i++) {
            check.mismatch("row " + (i + 1) + ": answered by the API but not in the legacy view: "
                    + QueryApi.snippet(answered.get(i).toString()));
        }
    }

    /** By category, since equal totals may come in either order; the answer must still be ordered by total, descending. */
    private void salesByFilmCategory() {
        ViewCheck check = context.start("sales_by_film_category");
        Map<String, BigDecimal> expected = new LinkedHashMap<>();
        legacy.list("SELECT category, total_sales FROM sales_by_film_category",
                row -> expected.put("category " + row.getString("category"), row.getBigDecimal("total_sales")));
        List<JsonNode> answered = context.itemsOrNull(check, "/api/reports/sales-by-film-category", 0);
        if (answered == null) {
            return;
        }
        context.compareKeyed(check, expected, answered, row -> "category " + Json.text(row, "category"),
                (total, actual, diff) -> diff.money("totalSales", total, actual));
        for (int i = 1; i < answered.size(); i++) {
            if (Json.decimal(answered.get(i - 1), "totalSales") instanceof BigDecimal before
                    && Json.decimal(answered.get(i), "totalSales") instanceof BigDecimal after && before.compareTo(after) < 0) {
                check.mismatch("items are not ordered by totalSales descending: " + before.toPlainString() + " at position " + i
                        + " before " + after.toPlainString());
                break;
            }
        }
    }

    /**
     * Pagila's get_customer_balance cannot run on PostgreSQL (it calls MySQL's IF), so this is its rule in SQL:
     * the rental rate of every rental made by then, a dollar per late day counted in whole business-zone days
     * past the rental duration (open rentals add nothing), less every payment made by then. The platform charges
     * each rental the rate it was made at, where Pagila's function charges the film's rate of today; a Pagila
     * database keeps no price history, so the rate at rental it can know is the film's, and the two agree on
     * any data whose films were not repriced after they were rented.
     */
    private void balances() {
        if (!rateDepartures.isEmpty()) {
            context.report().views().stream().filter(view -> view.name().equals("rental history")).findFirst()
                    .ifPresent(view -> view.note(rateDepartures.size() + " rentals of films the monolith changed while followed"
                            + " carry the rate they were made at, where the legacy database knows only today's (departures"
                            + " by design, carried into the balances)"));
        }
        ViewCheck check = context.start("customer balance");
        List<Instant> instants = new ArrayList<>(List.of(BEFORE_ANY_DATA));
        instants.addAll(legacy.list("SELECT min(rental_date) AS first, max(coalesce(return_date, rental_date)) AS last FROM rental",
                row -> middle(Legacy.instant(row, "first"), Legacy.instant(row, "last"))).stream()
                .filter(Objects::nonNull).toList());
        instants.add(AFTER_ALL_DATA);
        check.note("instants " + instants);
        List<Balance> expected = new ArrayList<>();
        for (Instant at : instants) {
            expected.addAll(legacy.list("""
                    SELECT c.customer_id, coalesce(r.fees, 0) - coalesce(p.paid, 0) AS balance
                    FROM customer c
                    LEFT JOIN LATERAL (
                        SELECT sum(f.rental_rate) + sum(CASE WHEN r.return_date IS NULL THEN 0 ELSE greatest(0,
                                   (r.return_date AT TIME ZONE ?)::date - (r.rental_date AT TIME ZONE ?)::date
                                   - f.rental_duration) END) AS fees
                        FROM rental r JOIN inventory i ON i.inventory_id = r.inventory_id JOIN film f ON f.film_id = i.film_id
                        WHERE r.customer_id = c.customer_id AND r.rental_date <= ?) r ON true
                    LEFT JOIN LATERAL (
                        SELECT sum(p.amount) AS paid FROM payment p
                        WHERE p.customer_id = c.customer_id AND p.payment_date <= ?) p ON true
                    ORDER BY c.customer_id""", row -> new Balance(row.getInt("customer_id"), at, row.getBigDecimal("balance")),
                    context.zone(), context.zone(), at, at));
        }
        context.forEach(check, expected, Balance::key, balance -> {
            JsonNode actual = api.ok("/api/customers/" + balance.customerId() + "/balance?at=" + balance.at(), false);
            BigDecimal departures = rateDepartures.values().stream()
                    .filter(departure -> departure.customerId() == balance.customerId() && !departure.rentedAt().isAfter(balance.at()))
                    .map(RateDeparture::recordedMinusToday).reduce(BigDecimal.ZERO, BigDecimal::add);
            check.record(balance.key(), new RowDiff()
                    .integer("customerId", balance.customerId(), actual)
                    .instant("at", balance.at(), actual)
                    .money("balance", balance.balance().add(departures), actual));
        });
    }

    /** Half way through the rentals, at a UTC midnight so the report reads easily. */
    private static Instant middle(Instant first, Instant last) {
        if (first == null || last == null) {
            return null;
        }
        return first.plus(Duration.between(first, last).dividedBy(2)).truncatedTo(ChronoUnit.DAYS);
    }

    /**
     * Every customer's history against the rental table. Late days follow the balance rule for returned rentals
     * (open ones are not compared: they may count "so far" or nothing); see {@link #isDue} for the due instant.
     */
    /**
     * A followed monolith keeps no price history either: a film it changed after the platform's import may have
     * been repriced after some of its rentals, which the platform charges the rate they were made at (the legacy
     * database only knows today's). Those rentals' rates are taken as the platform recorded them, reported as
     * departures, and carried into the balances; every rental made since the film's last change, and every
     * rental of a film untouched since the import, must match exactly.
     */
    private boolean mayHaveBeenRepricedSince(Rental rental) {
        Instant followedSince = context.followedSince();
        return followedSince != null && rental.filmChangedAt() != null && rental.filmChangedAt().isAfter(followedSince)
                && rental.rentedAt().isBefore(rental.filmChangedAt());
    }

    private record RateDeparture(int customerId, Instant rentedAt, BigDecimal recordedMinusToday) {
    }

    private final Map<Integer, RateDeparture> rateDepartures = new java.util.concurrent.ConcurrentHashMap<>();

    private void rentals() {
        ViewCheck check = context.start("rental history");
        List<Integer> customers = legacy.list("SELECT customer_id FROM customer ORDER BY 1", row -> row.getInt(1));
        Map<Integer, Map<String, Rental>> byCustomer = new HashMap<>();
        legacy.list("""
                SELECT r.rental_id, r.customer_id, r.inventory_id, i.film_id, f.title, i.store_id, r.rental_date, r.return_date,
                       f.rental_duration, f.rental_rate, f.last_update AS film_changed_at,
                       (r.rental_date AT TIME ZONE ?)::date + f.rental_duration AS due_on,
                       CASE WHEN r.return_date IS NULL THEN NULL ELSE greatest(0, (r.return_date AT TIME ZONE ?)::date
                           - (r.rental_date AT TIME ZONE ?)::date - f.rental_duration) END AS late_days
                FROM rental r JOIN inventory i ON i.inventory_id = r.inventory_id JOIN film f ON f.film_id = i.film_id
                ORDER BY r.rental_id""", row -> new Rental(row.getInt("rental_id"), row.getInt("customer_id"),
                row.getInt("inventory_id"), row.getInt("film_id"), row.getString("title"), row.getInt("store_id"),
                Legacy.instant(row, "rental_date"), Legacy.instant(row, "return_date"), row.getInt("rental_duration"),
                row.getObject("due_on", LocalDate.class), Legacy.integer(row, "late_days"), row.getBigDecimal("rental_rate"),
                Legacy.instant(row, "film_changed_at")),
                context.zone(), context.zone(), context.zone())
                .forEach(rental -> byCustomer.computeIfAbsent(rental.customerId(), id -> new LinkedHashMap<>())
                        .put(rental.key(), rental));
        context.forEach(check, customers, customer -> "customer " + customer, customer -> {
            List<JsonNode> answered = api.items("/api/customers/" + customer + "/rentals");
            context.compareKeyed(check, byCustomer.getOrDefault(customer, Map.of()), answered,
                    row -> "customer " + customer + " rental " + Json.integer(row, "rentalId"), this::compareRental);
        });
    }

    private void compareRental(Rental rental, JsonNode actual, RowDiff diff) {
        diff.integer("copyId", rental.copyId(), actual)
                .integer("filmId", rental.filmId(), actual)
                .text("title", rental.title(), actual)
                .integer("storeId", rental.storeId(), actual)
                .instant("rentedAt", rental.rentedAt(), actual)
                .instant("returnedAt", rental.returnedAt(), actual);
        if (mayHaveBeenRepricedSince(rental) && Json.decimal(actual, "rentalRate") instanceof BigDecimal recorded
                && recorded.compareTo(rental.rentalRate()) != 0) {
            rateDepartures.put(rental.rentalId(), new RateDeparture(rental.customerId(), rental.rentedAt(),
                    recorded.subtract(rental.rentalRate())));
        } else {
            diff.money("rentalRate", rental.rentalRate(), actual);
        }
        Object due = Json.instant(actual, "dueAt");
        if (!(due instanceof Instant dueAt && isDue(rental, dueAt))) {
            diff.differ("dueAt", "the rental's instant plus " + rental.rentalDuration() + " days, or a moment on " + rental.dueOn()
                    + " in " + context.zone(), due);
        }
        if (rental.lateDays() != null) {
            diff.integer("lateDays", rental.lateDays(), actual)
                    .money("lateFee", BigDecimal.valueOf(rental.lateDays()).setScale(2), actual);
        }
    }

    /**
     * The contract leaves the due instant's exact rule open; any reading consistent with the late-day rule passes:
     * the duration in 24-hour days or in calendar days, or any moment of the due day (its end included).
     */
    private boolean isDue(Rental rental, Instant dueAt) {
        Duration duration = Duration.ofDays(rental.rentalDuration());
        return dueAt.equals(rental.rentedAt().plus(duration))
                || dueAt.equals(rental.rentedAt().atZone(context.zone()).plusDays(rental.rentalDuration()).toInstant())
                || rental.dueOn().equals(dueAt.atZone(context.zone()).toLocalDate())
                || rental.dueOn().equals(dueAt.minusNanos(1).atZone(context.zone()).toLocalDate());
    }

    /**
     * rewards_report's rule for an explicit month (the function itself only looks three months back from today):
     * customers with more than minPurchases payments summing to more than minAmount within the month, in the
     * business zone.
     */
    private void rewards() {
        ViewCheck check = context.start("rewards");
        List<String> months = legacy.list(
                "SELECT DISTINCT to_char(payment_date AT TIME ZONE ?, 'YYYY-MM') AS month FROM payment ORDER BY 1",
                row -> row.getString("month"), context.zone());
        Map<RewardCall, Map<String, Reward>> expected = new LinkedHashMap<>();
        for (String month : months) {
            for (Thresholds thresholds : REWARD_THRESHOLDS) {
                RewardCall call = new RewardCall(month, thresholds);
                Map<String, Reward> rewarded = new LinkedHashMap<>();
                legacy.list("""
                        SELECT c.customer_id, c.first_name, c.last_name, c.email, c.store_id, t.purchases, t.amount
                        FROM (SELECT customer_id, count(*) AS purchases, sum(amount) AS amount FROM payment
                              WHERE to_char(payment_date AT TIME ZONE ?, 'YYYY-MM') = ?
                              GROUP BY customer_id HAVING count(*) > ? AND sum(amount) > ?) t
                        JOIN customer c ON c.customer_id = t.customer_id ORDER BY c.customer_id""",
                        row -> new Reward(row.getInt("customer_id"), row.getString("first_name"), row.getString("last_name"),
                                row.getString("email"), row.getInt("store_id"), row.getLong("purchases"),
                                row.getBigDecimal("amount")),
                        context.zone(), month, thresholds.minPurchases(), thresholds.minAmount())
                        .forEach(reward -> rewarded.put(call.label() + ": customer " + reward.customerId(), reward));
                expected.put(call, rewarded);
            }
        }
        check.note(expected.size() + " calls: months " + months + " with " + REWARD_THRESHOLDS);
        context.forEach(check, expected.keySet(), RewardCall::label, call -> {
            String path = "/api/reports/rewards?month=" + call.month() + "&minPurchases=" + call.thresholds().minPurchases()
                    + "&minAmount=" + call.thresholds().minAmount().toPlainString();
            context.compareKeyed(check, expected.get(call), api.items(path, 0),
                    row -> call.label() + ": customer " + Json.integer(row, "customerId"), (reward, actual, diff) -> diff
                            .text("firstName", reward.firstName(), actual)
                            .text("lastName", reward.lastName(), actual)
                            .text("email", reward.email(), actual)
                            .integer("storeId", reward.storeId(), actual)
                            .integer("purchases", reward.purchases(), actual)
                            .money("amount", reward.amount(), actual));
        });
    }

    private void notFound() {
        ViewCheck check = context.start("not found");
        List<String> paths = List.of("/api/films/999999", "/api/customers/999999/balance?at=" + AFTER_ALL_DATA,
                "/api/inventory/999999");
        context.forEach(check, paths, path -> "GET " + path, path -> {
            QueryApi.Answer answer = api.get(path, false);
            check.record("GET " + path, new RowDiff().same("status", 404, answer.status()));
        });
    }
}
