package dev.pagila.query.sales;

import dev.pagila.query.catalog.FilmItem;
import dev.pagila.query.cache.VersionedCache;
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
    private final AccountTable accounts;
    private final VersionedCache cache;

    public CustomerAccounts(CustomerTable customers, SalesTable sales, ReadModelTable table, AccountTable accounts,
                            VersionedCache cache) {
        this.customers = customers;
        this.sales = sales;
        this.table = table;
        this.accounts = accounts;
        this.cache = cache;
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
     * What the customer owes at {@code at} (see {@link Account#balanceAt}), from the customer's account as the cache
     * holds it: one Redis read, or one DynamoDB item when the account changed since it was last asked for. Empty when
     * the customer is unknown.
     */
    public Optional<Balance> balance(int customerId, Instant at) {
        return cache.readThrough(VersionedCache.Slot.account(customerId), Account.class, () -> accounts.account(customerId))
                .map(account -> account.balanceAt(at));
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
