package dev.pagila.query.sales;

import dev.pagila.infra.dynamodb.FilmsKeys;
import dev.pagila.query.customers.CustomerTable;
import dev.pagila.query.table.Items;
import dev.pagila.query.table.ReadModelTable;
import org.springframework.stereotype.Service;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import static dev.pagila.query.table.Items.intOf;
import static dev.pagila.query.table.Items.string;

/** A customer's account with the shop: their rentals, and Pagila's get_customer_balance. */
@Service
public class CustomerAccounts {

    /** The rate a rental was made at, on its item; a film's current rate, on the film's. */
    private static final String RATE = "rentalRate";

    private final CustomerTable customers;
    private final SalesTable sales;
    private final ReadModelTable table;

    public CustomerAccounts(CustomerTable customers, SalesTable sales, ReadModelTable table) {
        this.customers = customers;
        this.sales = sales;
        this.table = table;
    }

    /** The customer's rentals in the order they were made; empty when the customer is unknown. */
    public Optional<List<RentalView>> rentals(int customerId) {
        if (customers.customer(customerId).isEmpty()) {
            return Optional.empty();
        }
        List<Map<String, AttributeValue>> rentals = sales.historyOf(customerId).stream()
                .filter(item -> "RENTAL".equals(string(item, "type"))).toList();
        Map<Integer, Map<String, AttributeValue>> films = filmsOf(rentals);
        List<RentalView> views = new ArrayList<>();
        for (Map<String, AttributeValue> rental : rentals) {
            Map<String, AttributeValue> film = films.getOrDefault(intOf(rental, "filmId"), Map.of());
            views.add(new RentalView(intOf(rental, "rentalId"), intOf(rental, "copyId"), intOf(rental, "filmId"),
                    string(film, "title"), intOf(rental, "storeId"), Items.instantOf(rental, "rentedAt"),
                    Items.instantOf(rental, "dueAt"), Items.instantOf(rental, "returnedAt"),
                    Items.optionalInt(rental, "lateDays"), rental.containsKey("lateFee") ? Items.money(rental, "lateFee") : null,
                    rateOf(rental, films)));
        }
        return Optional.of(views);
    }

    /**
     * Pagila's {@code get_customer_balance} rule with the rate each rental was made at (Pagila joins the film's
     * rate of today): the rental rate of every rental up to {@code at}, plus the late fees of those rentals, minus
     * every payment up to {@code at}. Empty when the customer is unknown.
     */
    public Optional<Balance> balance(int customerId, Instant at) {
        if (customers.customer(customerId).isEmpty()) {
            return Optional.empty();
        }
        List<Map<String, AttributeValue>> history = sales.historyOf(customerId);
        List<Map<String, AttributeValue>> rentals = history.stream()
                .filter(item -> "RENTAL".equals(string(item, "type")) && !Items.instantOf(item, "rentedAt").isAfter(at))
                .toList();
        // rentals projected before rentals carried their terms have none until a replay records them: today's rate
        Map<Integer, Map<String, AttributeValue>> films = filmsOf(rentals.stream().filter(rental -> !rental.containsKey(RATE)).toList());
        BigDecimal rentalFees = BigDecimal.ZERO.setScale(2);
        BigDecimal lateFees = BigDecimal.ZERO.setScale(2);
        for (Map<String, AttributeValue> rental : rentals) {
            rentalFees = rentalFees.add(rateOf(rental, films));
            lateFees = lateFees.add(Items.money(rental, "lateFee"));
        }
        BigDecimal payments = history.stream()
                .filter(item -> "PAYMENT".equals(string(item, "type")) && !Items.instantOf(item, "paidAt").isAfter(at))
                .map(item -> Items.money(item, "amount"))
                .reduce(BigDecimal.ZERO.setScale(2), BigDecimal::add);
        return Optional.of(new Balance(customerId, at, rentalFees, lateFees, payments,
                rentalFees.add(lateFees).subtract(payments)));
    }

    private static BigDecimal rateOf(Map<String, AttributeValue> rental, Map<Integer, Map<String, AttributeValue>> films) {
        return rental.containsKey(RATE) ? Items.money(rental, RATE)
                : Items.money(films.getOrDefault(intOf(rental, "filmId"), Map.of()), RATE);
    }

    private Map<Integer, Map<String, AttributeValue>> filmsOf(List<Map<String, AttributeValue>> rentals) {
        return table.getAll(rentals.stream().map(rental -> intOf(rental, "filmId")).distinct()
                        .map(filmId -> Items.key(FilmsKeys.film(filmId), FilmsKeys.META)).toList())
                .stream().collect(Collectors.toMap(film -> intOf(film, "filmId"), film -> film));
    }
}
