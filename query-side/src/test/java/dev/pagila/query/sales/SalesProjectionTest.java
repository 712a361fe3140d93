package dev.pagila.query.sales;

import dev.pagila.kernel.customers.CustomerRegisteredEvent;
import dev.pagila.kernel.shared.Address;
import dev.pagila.query.customers.CustomerProjection;
import dev.pagila.query.customers.CustomerTable;
import java.math.BigDecimal;
import dev.pagila.kernel.catalog.FilmId;
import dev.pagila.kernel.customers.CustomerId;
import dev.pagila.kernel.money.Money;
import dev.pagila.kernel.sales.FilmRentedEvent;
import dev.pagila.kernel.sales.PaymentId;
import dev.pagila.kernel.sales.PaymentTakenEvent;
import dev.pagila.kernel.sales.RentalId;
import dev.pagila.kernel.stores.InventoryId;
import dev.pagila.kernel.stores.StaffId;
import dev.pagila.kernel.stores.StoreId;
import dev.pagila.kernel.sales.RentalReturnedEvent;
import dev.pagila.query.projection.BatchedHandling;
import dev.pagila.query.support.InterceptedDynamoDb;
import dev.pagila.query.support.ReadStores;
import dev.pagila.query.support.Tracked;
import dev.pagila.query.table.ItemBatch;
import dev.pagila.query.table.ReadModelTable;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.EventMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.pagila.query.support.Tracked.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Sales totals against a real DynamoDB Local: a payment and its rental come from different streams, in
 * either order, possibly at the same moment in two segments, possibly redelivered. Every payment counts once.
 */
class SalesProjectionTest {

    private static final ZoneId LONDON = ZoneId.of("Europe/London");
    private static final AtomicInteger NEXT = new AtomicInteger(1);
    private static final AtomicInteger NEXT_POSITION = new AtomicInteger(1);

    private static ReadStores stores;
    private static SalesTable sales;
    private static SalesProjection projection;

    @BeforeAll
    static void startStores() {
        stores = new ReadStores();
        sales = new SalesTable(stores.table());
        projection = new SalesProjection(sales, stores.cache(), LONDON, stores.writers(stores.cache()));
    }

    @AfterAll
    static void stopStores() {
        stores.close();
    }

    @Test
    void aPaymentCountsForTheStoreAndFilmOfItsRentalWhicheverArrivesFirst() {
        int film = NEXT.getAndIncrement();
        Rental first = new Rental(film, 1);
        Rental second = new Rental(film, 1);

        projection.on(first.rented(), at(next()));
        projection.on(first.payment("2.99"), at(next()));
        projection.on(second.payment("4.99"), at(next())); // payments dated before their rental exist in Pagila
        projection.on(second.rented(), at(next()));

        assertThat(total(1, film)).isEqualByComparingTo("7.98");
        assertThat(payments(1, film)).isEqualTo(2);
    }

    /** A price change between two rentals: the history shows each at the rate it was rented at. */
    @Test
    void aCustomersRentalsShowTheRateEachWasRentedAtWhateverTheFilmCostsLater() {
        CustomerTable customerTable = new CustomerTable(stores.table());
        CustomerProjection customers = new CustomerProjection(customerTable, stores.cache(), stores.writers(stores.cache()));
        CustomerAccounts queries = new CustomerAccounts(customerTable, sales, stores.table(), new AccountTable(stores.table()),
                stores.cache());
        int customer = 800_000 + NEXT.getAndIncrement();
        customers.on(new CustomerRegisteredEvent(CustomerId.of(customer), StoreId.of(1), "ANNA", "HILL", null,
                new Address("47 MySakila Drive", null, "Alberta", "Lethbridge", "Canada", null, null), true), at(next()));
        int film = NEXT.getAndIncrement();
        FilmRentedEvent after = rentedAt(film, customer, Instant.parse("2022-06-10T10:00:00Z"), "2.99");
        projection.on(rentedAt(film, customer, Instant.parse("2022-06-01T10:00:00Z"), "0.99"), at(next()));
        long afterPosition = next();
        projection.on(after, at(afterPosition));
        projection.on(after, at(afterPosition)); // redelivered

        assertThat(queries.rentals(customer).orElseThrow()).extracting(RentalView::rentalRate)
                .usingElementComparator(BigDecimal::compareTo).containsExactly(new BigDecimal("0.99"), new BigDecimal("2.99"));
    }

    private static FilmRentedEvent rentedAt(int film, int customer, Instant rentedAt, String rate) {
        return new FilmRentedEvent(RentalId.of(900_000 + NEXT.getAndIncrement()), InventoryId.of(film), FilmId.of(film),
                StoreId.of(1), CustomerId.of(customer), StaffId.of(1), rentedAt, rentedAt.plus(java.time.Duration.ofDays(3)),
                Money.of(rate), 3);
    }

    @Test
    void redeliveredRentalsAndPaymentsCountNothingTwice() {
        int film = NEXT.getAndIncrement();
        Rental rental = new Rental(film, 2);
        FilmRentedEvent rented = rental.rented();
        PaymentTakenEvent paid = rental.payment("0.99");
        long rentedAt = next();
        long paidAt = next();

        projection.on(rented, at(rentedAt));
        projection.on(paid, at(paidAt));
        projection.on(paid, at(paidAt));
        projection.on(rented, at(rentedAt));
        projection.on(paid, at(paidAt));

        assertThat(total(2, film)).isEqualByComparingTo("0.99");
        assertThat(payments(2, film)).isEqualTo(1);
    }

    @Test
    void aRentalItsReturnAndPaymentsInOneBatchCountOnceInAnyOrder() throws Exception {
        int film = NEXT.getAndIncrement();
        Rental paidLater = new Rental(film, 1);
        Rental paidFirst = new Rental(film, 1);

        inOneBatch(
                event(paidLater.rented()), event(paidFirst.payment("1.50")), event(paidLater.payment("2.00")),
                event(paidLater.returned()), event(paidFirst.rented()), event(paidFirst.payment("0.25")));

        assertThat(total(1, film)).isEqualByComparingTo("3.75");
        assertThat(payments(1, film)).isEqualTo(3);
        assertThat(stores.table().raw(RentalItem.key(paidLater.rentalId)).orElseThrow()).containsKey("returnedAt");
        assertThat(stores.table().raw(RentalItem.key(paidFirst.rentalId)).orElseThrow())
                .doesNotContainKey("uncountedPayments");
    }

    @Test
    void aCrashAfterTheFlushAndBeforeTheTokenCommitCountsNothingTwiceWhenTheBatchIsRedelivered() throws Exception {
        int film = NEXT.getAndIncrement();
        // 150 rentals with a payment each: more items than one transaction takes, so the flush is several writes
        List<EventMessage<?>> batch = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            Rental rental = new Rental(film, 2);
            batch.add(event(rental.rented()));
            batch.add(event(rental.payment("1.00")));
        }
        SalesProjection dying = new SalesProjection(new SalesTable(new ReadModelTable(InterceptedDynamoDb.wrap(stores.dynamoDb,
                call -> {
                    if (call == 2) {
                        throw new IllegalStateException("the process died after its first transaction");
                    }
                }), stores.table)), stores.cache(), LONDON, stores.writers(stores.cache()));

        assertThatThrownBy(() -> BatchedHandling.handle(new AnnotationEventHandlerAdapter(dying), batch))
                .hasMessageContaining("died");
        BigDecimal afterTheCrash = total(2, film);
        assertThat(afterTheCrash).isPositive().isLessThan(new BigDecimal("150"));

        BatchedHandling.handle(new AnnotationEventHandlerAdapter(projection), batch); // redelivered: no token was stored
        assertThat(total(2, film)).isEqualByComparingTo("150.00");
        BatchedHandling.handle(new AnnotationEventHandlerAdapter(projection), batch); // and once more, after a full flush
        assertThat(total(2, film)).isEqualByComparingTo("150.00");
        assertThat(payments(2, film)).isEqualTo(150);
    }

    @Test
    void aFormerSegmentOwnersLateFlushCannotOverwriteTheNewOwnersNewerState() throws Exception {
        int film = NEXT.getAndIncrement();
        Rental rental = new Rental(film, 1);
        List<EventMessage<?>> claimedBatch = List.of(event(rental.rented()), event(rental.payment("3.99")));
        CountDownLatch oldOwnerRead = new CountDownLatch(1);
        CountDownLatch newOwnerWrote = new CountDownLatch(1);
        SalesProjection oldOwner = new SalesProjection(new SalesTable(new ReadModelTable(InterceptedDynamoDb.wrap(stores.dynamoDb,
                call -> {
                    oldOwnerRead.countDown();
                    newOwnerWrote.await(); // paused (a long GC, a network stall) while its claim passed on
                }), stores.table)), stores.cache(), LONDON, stores.writers(stores.cache()));
        ExecutorService oldInstance = Executors.newSingleThreadExecutor();
        try {
            Future<?> lateFlush = oldInstance.submit(() -> {
                BatchedHandling.handle(new AnnotationEventHandlerAdapter(oldOwner), claimedBatch);
                return null;
            });
            oldOwnerRead.await();
            List<EventMessage<?>> newOwnersBatch = new ArrayList<>(claimedBatch);
            newOwnersBatch.add(event(rental.returned()));
            BatchedHandling.handle(new AnnotationEventHandlerAdapter(projection), newOwnersBatch);
            Map<String, AttributeValue> newest = stores.table().raw(RentalItem.key(rental.rentalId)).orElseThrow();
            newOwnerWrote.countDown();

            assertThatThrownBy(lateFlush::get).hasCauseInstanceOf(ItemBatch.StaleItemException.class);
            assertThat(stores.table().raw(RentalItem.key(rental.rentalId)).orElseThrow()).isEqualTo(newest)
                    .containsKey("returnedAt");
            assertThat(total(1, film)).isEqualByComparingTo("3.99");
            assertThat(payments(1, film)).isEqualTo(1);
        } finally {
            oldInstance.shutdownNow();
        }
    }

    @Test
    void twoSegmentsAddingToOneTotalAtTheSameMomentLoseNothing() throws Exception {
        int film = NEXT.getAndIncrement();
        ExecutorService segments = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 20; round++) {
                CyclicBarrier together = new CyclicBarrier(2);
                List<Future<?>> both = new ArrayList<>();
                for (int side = 0; side < 2; side++) {
                    Rental rental = new Rental(film, 1);
                    List<EventMessage<?>> batch = List.of(event(rental.rented()), event(rental.payment("1.01")));
                    both.add(segments.submit(() -> {
                        together.await();
                        BatchedHandling.handle(new AnnotationEventHandlerAdapter(projection), batch);
                        return null;
                    }));
                }
                for (Future<?> side : both) {
                    side.get();
                }
            }
            assertThat(total(1, film)).isEqualByComparingTo("40.40");
            assertThat(payments(1, film)).isEqualTo(40);
        } finally {
            segments.shutdownNow();
        }
    }

    @Test
    void aRentalItsReturnAndItsPaymentsShareOneSequenceSoOneSegmentWhateverTheSplit() {
        Rental rental = new Rental(1, 1);
        RentalSequencingPolicy policy = new RentalSequencingPolicy();
        Object sequence = policy.getSequenceIdentifierFor(event(rental.rented()));

        assertThat(policy.getSequenceIdentifierFor(event(rental.payment("1.00")))).isEqualTo(sequence);
        assertThat(policy.getSequenceIdentifierFor(event(rental.returned()))).isEqualTo(sequence);
        assertThat(policy.getSequenceIdentifierFor(event(new Rental(1, 1).rented()))).isNotEqualTo(sequence);
    }

    @Test
    void paymentsAreListedByTheMonthTheyWereTakenInTheBusinessZone() {
        int film = NEXT.getAndIncrement();
        Rental rental = new Rental(film, 1);
        // 23:30 UTC on 31 May is already June in London (BST)
        PaymentTakenEvent lateEvening = new PaymentTakenEvent(PaymentId.of(900_000 + NEXT.getAndIncrement()),
                CustomerId.of(rental.customer), StaffId.of(1), RentalId.of(rental.rentalId), Money.of("3.00"),
                Instant.parse("2031-05-31T23:30:00Z"));

        projection.on(lateEvening, at(next()));

        assertThat(sales.paymentsIn(YearMonth.of(2031, 6))).extracting(PaymentItem::paymentId)
                .contains(lateEvening.paymentId().value());
        assertThat(sales.paymentsIn(YearMonth.of(2031, 5))).extracting(PaymentItem::paymentId)
                .doesNotContain(lateEvening.paymentId().value());
    }

    private static BigDecimal total(int store, int film) {
        return stores.table().get(SalesTotalItem.KIND, SalesTotalItem.key(store, film)).map(SalesTotalItem::total).orElse(BigDecimal.ZERO);
    }

    private static int payments(int store, int film) {
        return stores.table().get(SalesTotalItem.KIND, SalesTotalItem.key(store, film)).map(SalesTotalItem::payments).orElse(0);
    }

    private static void inOneBatch(EventMessage<?>... events) throws Exception {
        BatchedHandling.handle(new AnnotationEventHandlerAdapter(projection), List.of(events));
    }

    /** The event as a processor delivers it, at the next position of the stream. */
    private static EventMessage<?> event(Object payload) {
        return Tracked.event(payload, next());
    }

    private static long next() {
        return NEXT_POSITION.getAndIncrement();
    }

    /** A rental of a fresh copy of the film in the store, by a fresh customer. */
    private static final class Rental {

        final int rentalId = 500_000 + NEXT.getAndIncrement();
        final int customer = 100_000 + NEXT.getAndIncrement();
        final int film;
        final int store;
        final int copy = 200_000 + NEXT.getAndIncrement();

        Rental(int film, int store) {
            this.film = film;
            this.store = store;
        }

        FilmRentedEvent rented() {
            Instant rentedAt = Instant.parse("2022-05-24T22:53:30Z");
            return new FilmRentedEvent(RentalId.of(rentalId), InventoryId.of(copy), FilmId.of(film), StoreId.of(store),
                    CustomerId.of(customer), StaffId.of(1), rentedAt, rentedAt.plus(java.time.Duration.ofDays(3)),
                    Money.of("0.99"), 3);
        }

        RentalReturnedEvent returned() {
            Instant rentedAt = Instant.parse("2022-05-24T22:53:30Z");
            return new RentalReturnedEvent(RentalId.of(rentalId), InventoryId.of(copy), FilmId.of(film), StoreId.of(store),
                    CustomerId.of(customer), rentedAt, Instant.parse("2022-05-26T10:00:00Z"), 0, Money.of("0.00"));
        }

        PaymentTakenEvent payment(String amount) {
            return new PaymentTakenEvent(PaymentId.of(700_000 + NEXT.getAndIncrement()), CustomerId.of(customer),
                    StaffId.of(1), RentalId.of(rentalId), Money.of(amount), Instant.parse("2022-05-25T11:30:37Z"));
        }
    }
}
