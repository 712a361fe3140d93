package dev.pagila.query.sales;

import dev.pagila.kernel.catalog.FilmId;
import dev.pagila.kernel.customers.CustomerId;
import dev.pagila.kernel.customers.CustomerRegisteredEvent;
import dev.pagila.kernel.money.Money;
import dev.pagila.kernel.sales.FilmRentedEvent;
import dev.pagila.kernel.sales.PaymentId;
import dev.pagila.kernel.sales.PaymentTakenEvent;
import dev.pagila.kernel.sales.RentalId;
import dev.pagila.kernel.sales.RentalReturnedEvent;
import dev.pagila.kernel.shared.Address;
import dev.pagila.kernel.stores.InventoryId;
import dev.pagila.kernel.stores.StaffId;
import dev.pagila.kernel.stores.StoreId;
import dev.pagila.query.cache.VersionedCache;
import dev.pagila.query.customers.CustomerTable;
import dev.pagila.query.projection.BatchedHandling;
import dev.pagila.query.projection.ProjectionWriters;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import dev.pagila.query.support.ReadStores;
import dev.pagila.query.support.Tracked;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.EventMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.pagila.query.support.Tracked.at;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Customers' accounts against a real DynamoDB Local and Redis: a balance at any instant, from the one item the
 * projection keeps per customer, charged at the rate of each rental's day, redelivered or not.
 */
class AccountProjectionTest {

    private static final AtomicInteger NEXT = new AtomicInteger(1);
    private static final AtomicInteger NEXT_POSITION = new AtomicInteger(1);
    private static final Instant JUNE_1 = Instant.parse("2022-06-01T10:00:00Z");
    private static final Instant JUNE_10 = Instant.parse("2022-06-10T10:00:00Z");
    private static final Instant FAR_FUTURE = Instant.parse("2030-01-01T00:00:00Z");

    private static ReadStores stores;
    private static AccountProjection projection;
    private static CustomerAccounts accounts;

    @BeforeAll
    static void startStores() {
        stores = new ReadStores();
        VersionedCache cache = stores.cache();
        AccountTable table = new AccountTable(stores.table());
        projection = new AccountProjection(table, cache, stores.writers(cache));
        accounts = new CustomerAccounts(new CustomerTable(stores.table()), new SalesTable(stores.table()), stores.table(), table, cache);
    }

    @AfterAll
    static void stopStores() {
        stores.close();
    }

    @Test
    void aBalanceChargesEachRentalTheRateItWasRentedAtWhateverTheFilmCostsLater() {
        int customer = registered();
        int film = NEXT.getAndIncrement();
        projection.on(rented(customer, film, JUNE_1, "0.99"), at(next()));
        FilmRentedEvent repriced = rented(customer, film, JUNE_10, "2.99");
        long position = next();
        projection.on(repriced, at(position));

        assertThat(balance(customer, JUNE_1.plusSeconds(60))).isEqualTo("0.99");
        assertThat(balance(customer, JUNE_10.minusSeconds(60))).isEqualTo("0.99");
        assertThat(balance(customer, JUNE_10)).isEqualTo("3.98");
        projection.on(repriced, at(position)); // redelivered
        assertThat(balance(customer, FAR_FUTURE)).isEqualTo("3.98");
    }

    @Test
    void lateFeesCountFromTheRentalsInstantAndPaymentsFromTheirOwn() {
        int customer = registered();
        FilmRentedEvent rental = rented(customer, NEXT.getAndIncrement(), JUNE_1, "4.99");
        projection.on(rental, at(next()));
        projection.on(returned(rental, JUNE_10, 6, "6.00"), at(next()));
        projection.on(payment(customer, rental, JUNE_10.plusSeconds(30), "10.99"), at(next()));

        Balance beforePaying = accounts.balance(customer, JUNE_10).orElseThrow();
        assertThat(beforePaying.rentalFees()).isEqualTo("4.99");
        assertThat(beforePaying.lateFees()).isEqualTo("6.00");
        assertThat(beforePaying.payments()).isEqualTo("0.00");
        assertThat(beforePaying.balance()).isEqualTo("10.99");
        assertThat(balance(customer, JUNE_1.minusSeconds(1))).isEqualTo("0.00");
        assertThat(balance(customer, FAR_FUTURE)).isEqualTo("0.00");
    }

    @Test
    void aCachedAccountIsRetiredByTheCustomersNextEvent() {
        int customer = registered();
        projection.on(rented(customer, NEXT.getAndIncrement(), JUNE_1, "0.99"), at(next()));
        assertThat(balance(customer, FAR_FUTURE)).isEqualTo("0.99");
        assertThat(stores.cache().hit(VersionedCache.Slot.account(customer))).isPresent();

        projection.on(rented(customer, NEXT.getAndIncrement(), JUNE_10, "2.99"), at(next()));

        assertThat(balance(customer, FAR_FUTURE)).isEqualTo("3.98");
    }

    @Test
    void aCustomersEventsInOneBatchRedeliveredAfterACrashCountOnce() throws Exception {
        int customer = NEXT.getAndIncrement() + 600_000;
        FilmRentedEvent rental = rented(customer, NEXT.getAndIncrement(), JUNE_1, "2.99");
        List<EventMessage<?>> batch = List.of(event(registration(customer)), event(rental),
                event(returned(rental, JUNE_10, 2, "2.00")), event(payment(customer, rental, JUNE_10, "1.00")));

        BatchedHandling.handle(new AnnotationEventHandlerAdapter(projection), batch);
        BatchedHandling.handle(new AnnotationEventHandlerAdapter(projection), batch);

        assertThat(balance(customer, FAR_FUTURE)).isEqualTo("3.99");
    }

    /**
     * Two command instances append a rental and then a payment of one customer; the payment's transaction commits first.
     * The processor hands over the payment, then the rental with the stream's high-water mark as its token.
     */
    @Test
    void aRentalCommittedAfterALaterPaymentOfTheSameCustomerStillCounts() throws Exception {
        int customer = registered();
        FilmRentedEvent rental = rented(customer, NEXT.getAndIncrement(), JUNE_1, "2.99");
        long rentalPosition = next();
        long paymentPosition = next();
        EventMessage<?> payment = Tracked.event(payment(customer, rental, JUNE_10, "1.00"), paymentPosition);
        EventMessage<?> lateRental = Tracked.event(rental, paymentPosition);
        Map<String, Long> ownPositions = Map.of(payment.getIdentifier(), paymentPosition, lateRental.getIdentifier(), rentalPosition);
        VersionedCache cache = stores.cache();
        AccountProjection positioned = new AccountProjection(new AccountTable(stores.table()), cache,
                ProjectionWriters.live(cache, new SimpleMeterRegistry(), identifiers -> ownPositions));

        BatchedHandling.handle(new AnnotationEventHandlerAdapter(positioned), List.of(payment));
        BatchedHandling.handle(new AnnotationEventHandlerAdapter(positioned), List.of(lateRental));
        BatchedHandling.handle(new AnnotationEventHandlerAdapter(positioned), List.of(lateRental)); // redelivered

        assertThat(balance(customer, FAR_FUTURE)).isEqualTo("1.99");
    }

    @Test
    void aCustomerNobodyRegisteredHasNoBalance() {
        assertThat(accounts.balance(990_000 + NEXT.getAndIncrement(), FAR_FUTURE)).isEmpty();
    }

    @Test
    void aCustomersRegistrationRentalsReturnsAndPaymentsShareOneSequenceSoOneSegment() {
        int customer = NEXT.getAndIncrement() + 600_000;
        CustomerSequencingPolicy policy = new CustomerSequencingPolicy();
        FilmRentedEvent rental = rented(customer, 1, JUNE_1, "0.99");
        Object sequence = policy.getSequenceIdentifierFor(event(registration(customer)));

        assertThat(policy.getSequenceIdentifierFor(event(rental))).isEqualTo(sequence);
        assertThat(policy.getSequenceIdentifierFor(event(returned(rental, JUNE_10, 0, "0.00")))).isEqualTo(sequence);
        assertThat(policy.getSequenceIdentifierFor(event(payment(customer, null, JUNE_10, "1.00")))).isEqualTo(sequence);
        assertThat(policy.getSequenceIdentifierFor(event(registration(customer + 1)))).isNotEqualTo(sequence);
    }

    @Test
    void aRegistrationWhosePayloadCannotBeReadIsSequencedByItsAggregateSoItsHandlerCanParkIt() {
        var unreadable = new org.axonframework.eventhandling.GenericDomainEventMessage<>("Customer", "customer-7", 0,
                new org.axonframework.serialization.SerializedMessage<>("poisoned-1",
                        new org.axonframework.serialization.SimpleSerializedObject<>("{\"customerId\": ".getBytes(), byte[].class,
                                CustomerRegisteredEvent.class.getName(), null),
                        new org.axonframework.serialization.SimpleSerializedObject<>("{}".getBytes(), byte[].class,
                                org.axonframework.messaging.MetaData.class.getName(), null),
                        org.axonframework.serialization.json.JacksonSerializer.defaultSerializer()),
                Instant::now);

        assertThat(unreadable.getPayloadType()).isEqualTo(CustomerRegisteredEvent.class);
        assertThat(new CustomerSequencingPolicy().getSequenceIdentifierFor(unreadable)).as("not an exception").isEqualTo("customer-7");
    }

    private static String balance(int customer, Instant at) {
        return accounts.balance(customer, at).orElseThrow().balance().toPlainString();
    }

    private static int registered() {
        int customer = 600_000 + NEXT.getAndIncrement();
        projection.on(registration(customer), at(next()));
        return customer;
    }

    private static CustomerRegisteredEvent registration(int customer) {
        return new CustomerRegisteredEvent(CustomerId.of(customer), StoreId.of(1), "ANNA", "HILL", null,
                new Address("47 MySakila Drive", null, "Alberta", "Lethbridge", "Canada", null, null), true);
    }

    private static FilmRentedEvent rented(int customer, int film, Instant rentedAt, String rate) {
        return new FilmRentedEvent(RentalId.of(900_000 + NEXT.getAndIncrement()), InventoryId.of(film), FilmId.of(film),
                StoreId.of(1), CustomerId.of(customer), StaffId.of(1), rentedAt, rentedAt.plus(Duration.ofDays(3)), Money.of(rate), 3);
    }

    private static RentalReturnedEvent returned(FilmRentedEvent rental, Instant returnedAt, int lateDays, String lateFee) {
        return new RentalReturnedEvent(rental.rentalId(), rental.inventoryId(), rental.filmId(), rental.storeId(),
                rental.customerId(), rental.rentedAt(), returnedAt, lateDays, Money.of(lateFee));
    }

    private static PaymentTakenEvent payment(int customer, FilmRentedEvent rental, Instant paidAt, String amount) {
        return new PaymentTakenEvent(PaymentId.of(700_000 + NEXT.getAndIncrement()), CustomerId.of(customer), StaffId.of(1),
                rental == null ? null : rental.rentalId(), Money.of(amount), paidAt);
    }

    /** The event as a processor delivers it, at the next position of the stream. */
    private static EventMessage<?> event(Object payload) {
        return Tracked.event(payload, next());
    }

    private static long next() {
        return NEXT_POSITION.getAndIncrement();
    }
}
