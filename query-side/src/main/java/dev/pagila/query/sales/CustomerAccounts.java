package dev.pagila.query.sales;

import dev.pagila.query.catalog.FilmItem;
import dev.pagila.query.customers.CustomerTable;
import dev.pagila.query.table.ReadModelTable;
import org.springframework.stereotype.Service;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** A customer's account with the shop: their rentals, and Pagila's get_customer_balance. */
@Service
public class CustomerAccounts {

    private static final BigDecimal NOTHING = BigDecimal.ZERO.setScale(2);

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
        List<RentalItem> rentals = sales.historyOf(customerId).rentals();
        Map<Integer, FilmItem> films = filmsOf(rentals);
        return Optional.of(rentals.stream().map(rental -> new RentalView(rental.rentalId(), rental.copyId(), rental.filmId(),
                Optional.ofNullable(films.get(rental.filmId())).map(FilmItem::title).orElse(null), rental.storeId(),
                rental.rentedAt(), rental.dueAt(), rental.returnedAt(), rental.lateDays(), rental.lateFee(),
                rateOf(rental, films))).toList());
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
        SalesTable.History history = sales.historyOf(customerId);
        List<RentalItem> rentals = history.rentals().stream().filter(rental -> !rental.rentedAt().isAfter(at)).toList();
        // rentals projected before rentals carried their terms have none until a replay records them: today's rate
        Map<Integer, FilmItem> films = filmsOf(rentals.stream().filter(rental -> rental.rentalRate() == null).toList());
        BigDecimal rentalFees = NOTHING;
        BigDecimal lateFees = NOTHING;
        for (RentalItem rental : rentals) {
            rentalFees = rentalFees.add(rateOf(rental, films));
            lateFees = lateFees.add(rental.lateFee() == null ? NOTHING : rental.lateFee());
        }
        BigDecimal payments = history.payments().stream()
                .filter(payment -> !payment.paidAt().isAfter(at))
                .map(PaymentItem::amount)
                .reduce(NOTHING, BigDecimal::add);
        return Optional.of(new Balance(customerId, at, rentalFees, lateFees, payments,
                rentalFees.add(lateFees).subtract(payments)));
    }

    private static BigDecimal rateOf(RentalItem rental, Map<Integer, FilmItem> films) {
        if (rental.rentalRate() != null) {
            return rental.rentalRate();
        }
        FilmItem film = films.get(rental.filmId());
        return film == null || film.rentalRate() == null ? NOTHING : film.rentalRate();
    }

    private Map<Integer, FilmItem> filmsOf(List<RentalItem> rentals) {
        return table.getAll(FilmItem.KIND, rentals.stream().map(RentalItem::filmId).distinct().map(FilmItem::key).toList())
                .stream().filter(FilmItem::registered).collect(Collectors.toMap(FilmItem::filmId, film -> film));
    }
}
