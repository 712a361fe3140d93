package dev.pagila.query.inventory;

import dev.pagila.kernel.catalog.FilmDetails;
import dev.pagila.kernel.catalog.FilmId;
import dev.pagila.kernel.catalog.FilmRegisteredEvent;
import dev.pagila.kernel.catalog.LanguageId;
import dev.pagila.kernel.catalog.Rating;
import dev.pagila.kernel.customers.CustomerId;
import dev.pagila.kernel.money.Money;
import dev.pagila.kernel.sales.FilmRentedEvent;
import dev.pagila.kernel.sales.RentalId;
import dev.pagila.kernel.sales.RentalReturnedEvent;
import dev.pagila.kernel.stores.CopyAddedToInventoryEvent;
import dev.pagila.kernel.stores.CopyRetiredEvent;
import dev.pagila.kernel.stores.InventoryId;
import dev.pagila.kernel.stores.StaffId;
import dev.pagila.kernel.stores.StoreId;
import com.fasterxml.jackson.core.JsonProcessingException;
import dev.pagila.query.cache.CachedJson;
import dev.pagila.query.cache.VersionedCache;
import dev.pagila.query.catalog.CatalogProjection;
import dev.pagila.query.catalog.CatalogTable;
import dev.pagila.query.catalog.FilmQueries;
import dev.pagila.query.catalog.FilmView;
import dev.pagila.query.support.ReadStores;
import dev.pagila.query.support.SecurityHeaders;
import dev.pagila.query.web.CachedHits;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.pagila.query.support.Tracked.at;
import static org.assertj.core.api.Assertions.assertThat;

/** Copies and stock against a real DynamoDB Local and Redis. */
class InventoryProjectionTest {

    private static final AtomicInteger NEXT = new AtomicInteger(1);
    private static final AtomicInteger NEXT_POSITION = new AtomicInteger(1);
    private static final Instant RENTED_AT = Instant.parse("2022-05-24T22:53:30Z");

    private static ReadStores stores;
    private static InventoryProjection projection;
    private static CatalogProjection catalog;
    private static InventoryQueries queries;
    private static FilmQueries films;

    @BeforeAll
    static void startStores() {
        stores = new ReadStores();
        VersionedCache cache = stores.cache();
        InventoryTable inventory = new InventoryTable(stores.table());
        CatalogTable catalogTable = new CatalogTable(stores.table());
        projection = new InventoryProjection(inventory, cache, stores.writers(cache));
        catalog = new CatalogProjection(catalogTable, cache, stores.writers(cache));
        films = new FilmQueries(catalogTable, cache, Clock.systemUTC());
        queries = new InventoryQueries(inventory, films, cache, ReadStores.JSON);
    }

    @AfterAll
    static void stopStores() {
        stores.close();
    }

    @Test
    void aFilmShowsItsStockPerStoreAndARentalTakesACopyOffTheShelfUntilItIsReturned() {
        int film = newFilm();
        int first = addCopy(film, 1);
        int second = addCopy(film, 1);
        int third = addCopy(film, 2);
        assertThat(films.find(film)).get().extracting(FilmView::stock).isEqualTo(List.of(
                new FilmView.StoreStock(1, 2, 2), new FilmView.StoreStock(2, 1, 1)));

        FilmRentedEvent rented = rent(film, first, 1, 42);

        assertThat(films.find(film)).get().extracting(FilmView::stock).isEqualTo(List.of(
                new FilmView.StoreStock(1, 2, 1), new FilmView.StoreStock(2, 1, 1)));
        assertThat(copyIds(queries.filmStock(film, 1, true))).isEqualTo(List.of(second));
        assertThat(copyIds(queries.filmStock(film, 1, false))).isEqualTo(List.of(first));
        assertThat(queries.copy(first)).get().extracting(CopyView::inStock, CopyView::heldByCustomerId)
                .containsExactly(false, 42);

        giveBack(rented);

        assertThat(queries.copy(first)).get().extracting(CopyView::inStock, CopyView::heldByCustomerId)
                .containsExactly(true, null);
        assertThat(copyIds(queries.filmStock(film, 2, true))).isEqualTo(List.of(third));
    }

    /** The stock question a client asks most is answered from Redis before the stack, and a rental retires that answer. */
    @Test
    void aCachedStockAnswerIsServedBeforeTheStackUntilARentalOfTheFilmRetiresIt() throws Exception {
        int film = newFilm();
        int copy = addCopy(film, 1);
        CachedHits hits = new CachedHits(stores.cache(), SecurityHeaders.defaults());
        String asked = queries.filmStock(film, 1, true).orElseThrow().text();

        MockHttpServletResponse answered = new MockHttpServletResponse();
        MockFilterChain notCalled = new MockFilterChain();
        hits.doFilter(stockRequest(film, "storeId=1"), answered, notCalled);
        assertThat(notCalled.getRequest()).isNull();
        assertThat(answered.getContentAsString()).isEqualTo(asked);
        for (String otherQuestion : List.of("storeId=2", "storeId=1&extra=1", "storeId=x")) {
            MockFilterChain chain = new MockFilterChain();
            hits.doFilter(stockRequest(film, otherQuestion), new MockHttpServletResponse(), chain);
            assertThat(chain.getRequest()).as(otherQuestion).isNotNull();
        }

        rent(film, copy, 1, 42);

        MockFilterChain retired = new MockFilterChain();
        hits.doFilter(stockRequest(film, "storeId=1"), new MockHttpServletResponse(), retired);
        assertThat(retired.getRequest()).as("the rental retired the cached answer").isNotNull();
        assertThat(copyIds(queries.filmStock(film, 1, true))).isEmpty();
    }

    private static MockHttpServletRequest stockRequest(int film, String query) {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/films/" + film + "/in-stock");
        request.setQueryString(query);
        return request;
    }

    @Test
    void aCopyRentedAgainWithoutAReturnStaysOutUntilEveryRentalOfItIsReturned() {
        int film = newFilm();
        int copy = addCopy(film, 1);
        FilmRentedEvent never = rent(film, copy, 1, 7);
        FilmRentedEvent again = rent(film, copy, 1, 8);

        giveBack(again);
        assertThat(queries.copy(copy)).get().extracting(CopyView::inStock, CopyView::heldByCustomerId)
                .containsExactly(false, 7);

        giveBack(never);
        assertThat(queries.copy(copy)).get().extracting(CopyView::inStock).isEqualTo(true);
    }

    @Test
    void aRedeliveredRentalDoesNotTakeTheCopyOutAgainAfterItsReturn() {
        int film = newFilm();
        int copy = addCopy(film, 1);
        FilmRentedEvent rented = new FilmRentedEvent(RentalId.of(NEXT.getAndIncrement()), InventoryId.of(copy),
                FilmId.of(film), StoreId.of(1), CustomerId.of(3), StaffId.of(1), RENTED_AT, RENTED_AT.plus(Duration.ofDays(3)),
                Money.of("0.99"), 3);
        long rentedPosition = position();
        projection.on(rented, at(rentedPosition));
        giveBack(rented);

        projection.on(rented, at(rentedPosition));

        assertThat(queries.copy(copy)).get().extracting(CopyView::inStock).isEqualTo(true);
    }

    @Test
    void aRetiredCopyIsNoLongerStock() {
        int film = newFilm();
        int kept = addCopy(film, 1);
        int retired = addCopy(film, 1);

        projection.on(new CopyRetiredEvent(InventoryId.of(retired), FilmId.of(film), StoreId.of(1)), at(position()));

        assertThat(copyIds(queries.filmStock(film, 1, true))).isEqualTo(List.of(kept));
        assertThat(queries.copy(retired)).get().extracting(CopyView::retired, CopyView::inStock).containsExactly(true, false);
    }

    private static int newFilm() {
        int film = 10_000 + NEXT.getAndIncrement();
        catalog.on(new FilmRegisteredEvent(FilmId.of(film), new FilmDetails("STOCK FILM " + film, null, 2006, LanguageId.of(1),
                null, 3, Money.of("4.99"), 90, Money.of("19.99"), Rating.PG, List.of())), at(position()));
        return film;
    }

    private static int addCopy(int film, int store) {
        int copy = 50_000 + NEXT.getAndIncrement();
        projection.on(new CopyAddedToInventoryEvent(InventoryId.of(copy), FilmId.of(film), StoreId.of(store)), at(position()));
        return copy;
    }

    private static FilmRentedEvent rent(int film, int copy, int store, int customer) {
        FilmRentedEvent rented = new FilmRentedEvent(RentalId.of(NEXT.getAndIncrement()), InventoryId.of(copy),
                FilmId.of(film), StoreId.of(store), CustomerId.of(customer), StaffId.of(1), RENTED_AT,
                RENTED_AT.plus(Duration.ofDays(3)), Money.of("0.99"), 3);
        projection.on(rented, at(position()));
        return rented;
    }

    private static void giveBack(FilmRentedEvent rented) {
        projection.on(new RentalReturnedEvent(rented.rentalId(), rented.inventoryId(), rented.filmId(), rented.storeId(),
                rented.customerId(), rented.rentedAt(), rented.rentedAt().plus(Duration.ofDays(2)), 0, Money.ZERO), at(position()));
    }

    private static long position() {
        return NEXT_POSITION.getAndIncrement();
    }

    /** The copy ids of a stock answer, as a client reads them. */
    private static List<Integer> copyIds(Optional<CachedJson<FilmStock>> answer) {
        try {
            return ReadStores.JSON.readValue(answer.orElseThrow().text(), FilmStock.class).copyIds();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
