package dev.pagila.query.sales;

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
import dev.pagila.query.support.ReadStores;
import dev.pagila.query.table.Items;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackingToken;
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
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

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
        projection = new SalesProjection(sales, stores.cache(), LONDON, stores.meters);
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
    void aCrashBetweenThePaymentWriteAndItsCountIsRepairedByTheRedelivery() {
        int film = NEXT.getAndIncrement();
        Rental rental = new Rental(film, 1);
        projection.on(rental.rented(), at(next()));
        PaymentTakenEvent paid = rental.payment("5.98");
        long position = next();
        // the payment item landed in DynamoDB, then the process died before counting it and before its token commit
        stores.dynamoDb.updateItem(request -> request.tableName(stores.table)
                .key(Items.key("RENTAL#" + paid.rentalId().value(), "PAYMENT#" + paid.paymentId().value()))
                .updateExpression("SET #type = :type, amount = :amount, customerId = :customer, #position = :position")
                .expressionAttributeNames(Map.of("#type", "type", "#position", "position"))
                .expressionAttributeValues(Map.of(":type", AttributeValue.fromS("PAYMENT"), ":amount", AttributeValue.fromN("5.98"),
                        ":customer", AttributeValue.fromN(String.valueOf(paid.customerId().value())),
                        ":position", AttributeValue.fromN(String.valueOf(position)))));
        assertThat(total(1, film)).isEqualByComparingTo("0");

        projection.on(paid, at(position));

        assertThat(total(1, film)).isEqualByComparingTo("5.98");
    }

    @Test
    void aRentalAndItsPaymentsProjectedAtTheSameMomentInTwoSegmentsCountEachPaymentOnce() throws Exception {
        int film = NEXT.getAndIncrement();
        ExecutorService segments = Executors.newFixedThreadPool(2);
        try {
            BigDecimal expected = BigDecimal.ZERO;
            for (int round = 0; round < 20; round++) {
                Rental rental = new Rental(film, 1);
                PaymentTakenEvent paid = rental.payment("1.01");
                FilmRentedEvent rented = rental.rented();
                long paidAt = next();
                long rentedAt = next();
                CyclicBarrier together = new CyclicBarrier(2);
                List<Future<?>> both = new ArrayList<>();
                both.add(segments.submit(() -> {
                    together.await();
                    projection.on(paid, at(paidAt));
                    return null;
                }));
                both.add(segments.submit(() -> {
                    together.await();
                    projection.on(rented, at(rentedAt));
                    return null;
                }));
                for (Future<?> side : both) {
                    side.get();
                }
                expected = expected.add(new BigDecimal("1.01"));
            }
            assertThat(total(1, film)).isEqualByComparingTo(expected);
            assertThat(payments(1, film)).isEqualTo(20);
        } finally {
            segments.shutdownNow();
        }
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

        assertThat(sales.paymentsIn(YearMonth.of(2031, 6))).extracting(item -> Items.intOf(item, "paymentId"))
                .contains(lateEvening.paymentId().value());
        assertThat(sales.paymentsIn(YearMonth.of(2031, 5))).extracting(item -> Items.intOf(item, "paymentId"))
                .doesNotContain(lateEvening.paymentId().value());
    }

    private static BigDecimal total(int store, int film) {
        return stores.table().get("SALES", dev.pagila.infra.dynamodb.FilmsKeys.salesOf(store, film))
                .map(item -> Items.money(item, "total")).orElse(BigDecimal.ZERO);
    }

    private static int payments(int store, int film) {
        return stores.table().get("SALES", dev.pagila.infra.dynamodb.FilmsKeys.salesOf(store, film))
                .map(item -> Items.intOf(item, "payments")).orElse(0);
    }

    private static long next() {
        return NEXT_POSITION.getAndIncrement();
    }

    private static TrackingToken at(long position) {
        return GapAwareTrackingToken.newInstance(position, List.of());
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
                    CustomerId.of(customer), StaffId.of(1), rentedAt, rentedAt.plus(java.time.Duration.ofDays(3)));
        }

        PaymentTakenEvent payment(String amount) {
            return new PaymentTakenEvent(PaymentId.of(700_000 + NEXT.getAndIncrement()), CustomerId.of(customer),
                    StaffId.of(1), RentalId.of(rentalId), Money.of(amount), Instant.parse("2022-05-25T11:30:37Z"));
        }
    }
}
