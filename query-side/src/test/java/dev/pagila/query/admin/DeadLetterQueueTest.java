package dev.pagila.query.admin;

import dev.pagila.query.support.EmbeddedStores;
import dev.pagila.stack.EmbeddedStack;
import dev.pagila.infra.audit.AuditEntry;
import dev.pagila.infra.audit.AuditLog;
import dev.pagila.infra.postgres.AxonTables;
import dev.pagila.kernel.customers.CustomerDetailsChangedEvent;
import dev.pagila.kernel.customers.CustomerId;
import dev.pagila.kernel.customers.CustomerRegisteredEvent;
import dev.pagila.kernel.shared.Address;
import dev.pagila.kernel.stores.StoreId;
import dev.pagila.query.customers.CustomerItem;
import dev.pagila.query.customers.CustomerProjection;
import dev.pagila.query.customers.CustomerTable;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.serialization.Serializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The query side in-process on the embedded stores, fed events straight into its event store. A handler in the
 * customers group that fails on one customer's events stands in for a projection bug: the event is retried,
 * then parked, the rest of the stream flows on, and once the fault is gone a retry applies it exactly once.
 */
@SpringBootTest(properties = {"pagila.projections.attempts=3", "pagila.projections.backoff=10ms"})
class DeadLetterQueueTest {

    static final AtomicBoolean FAULTY = new AtomicBoolean(true);
    static final AtomicInteger ATTEMPTS_ON_POISON = new AtomicInteger();
    static final String POISON = "POISON";

    @TempDir
    static Path data;
    static EmbeddedStack stack;

    @Autowired
    DeadLetters deadLetters;
    @Autowired
    OperatorActions actions;
    @Autowired
    AuditLog audit;
    @Autowired
    ProjectionStatusService status;
    @Autowired
    CustomerTable customers;
    @Autowired
    @Qualifier("eventSerializer")
    Serializer eventSerializer;

    @DynamicPropertySource
    static void stores(DynamicPropertyRegistry registry) {
        stack = EmbeddedStores.startFor(registry, data, "Films_dlq");
    }

    @AfterAll
    static void stopStores() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void aPoisonEventIsRetriedThenParkedWhileLaterEventsFlowAndARetryAfterTheFixAppliesItOnce() throws Exception {
        JdbcEventStorageEngine events = JdbcEventStorageEngine.builder()
                .connectionProvider(() -> stack.adminDataSource().getConnection())
                .transactionManager(org.axonframework.common.transaction.NoTransactionManager.INSTANCE)
                .schema(AxonTables.eventSchema())
                .eventSerializer(eventSerializer)
                .snapshotSerializer(eventSerializer)
                .build();
        events.appendEvents(List.of(
                event("customer-9001", 0, new CustomerRegisteredEvent(CustomerId.of(9001), StoreId.of(1), POISON, "PILL",
                        "poison@example.org", address(), true)),
                event("customer-9002", 0, new CustomerRegisteredEvent(CustomerId.of(9002), StoreId.of(1), "MARY", "SMITH",
                        "mary@example.org", address(), true))));
        events.appendEvents(List.of(
                event("customer-9001", 1, new CustomerDetailsChangedEvent(CustomerId.of(9001), StoreId.of(2), POISON, "PILL",
                        "pill@example.org", address())),
                event("customer-9003", 0, new CustomerRegisteredEvent(CustomerId.of(9003), StoreId.of(2), "LINDA", "WILLIAMS",
                        "linda@example.org", address(), true))));

        await(() -> customers.customer(9003).isPresent() && deadLetters.count(CustomerProjection.PROCESSING_GROUP) == 2);

        assertThat(customers.customer(9002)).isPresent();
        assertThat(ATTEMPTS_ON_POISON.get()).as("the first poison event was tried 3 times before it was parked").isGreaterThanOrEqualTo(3);
        assertThat(deadLetters.list(CustomerProjection.PROCESSING_GROUP))
                .extracting(DeadLetterView::sequence, DeadLetterView::eventType)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("customer-9001", "CustomerRegisteredEvent"),
                        org.assertj.core.groups.Tuple.tuple("customer-9001", "CustomerDetailsChangedEvent"));
        await(() -> status.one(CustomerProjection.PROCESSING_GROUP).orElseThrow().lagEvents() == 0);

        FAULTY.set(false);
        assertThat(actions.retry("an-operator", CustomerProjection.PROCESSING_GROUP)).isEqualTo(1);
        assertThat(audit.recent(1)).extracting(AuditEntry::actor, AuditEntry::action, AuditEntry::target, AuditEntry::outcome,
                        AuditEntry::detail)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("an-operator", OperatorActions.RETRY,
                        CustomerProjection.PROCESSING_GROUP, AuditLog.DONE, "1 sequence(s) applied, 0 still parked"));

        assertThat(deadLetters.count(CustomerProjection.PROCESSING_GROUP)).isZero();
        CustomerItem customer = customers.customer(9001).orElseThrow();
        assertThat(customer.email()).isEqualTo("pill@example.org");
        assertThat(customer.storeId()).isEqualTo(2);
        var stored = customers.table().raw(CustomerItem.key(9001)).orElseThrow();
        assertThat(deadLetters.retry(CustomerProjection.PROCESSING_GROUP)).isZero();
        assertThat(customers.table().raw(CustomerItem.key(9001)).orElseThrow()).isEqualTo(stored);
    }

    private static DomainEventMessage<?> event(String stream, long sequence, Object payload) {
        return new GenericDomainEventMessage<>(payload.getClass().getSimpleName().replace("Event", ""), stream, sequence,
                payload);
    }

    private static Address address() {
        return new Address("1913 Hanoi Way", null, "Nagasaki", "Sasebo", "Japan", "35200", "28303384290");
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (!condition.getAsBoolean()) {
            assertThat(Instant.now()).as("condition not met within 60 s").isBefore(deadline);
            Thread.sleep(100);
        }
    }

    /** A handler in the customers group with a bug that rejects one customer's events while it is there. */
    @TestConfiguration
    static class FaultyHandlerConfig {

        @Bean
        FaultyCustomerHandler faultyCustomerHandler() {
            return new FaultyCustomerHandler();
        }
    }

    @ProcessingGroup(CustomerProjection.PROCESSING_GROUP)
    static class FaultyCustomerHandler {

        @EventHandler
        void on(CustomerRegisteredEvent event) {
            if (POISON.equals(event.firstName())) {
                ATTEMPTS_ON_POISON.incrementAndGet();
                failWhileFaulty();
            }
        }

        @EventHandler
        void on(CustomerDetailsChangedEvent event) {
            if (POISON.equals(event.firstName())) {
                failWhileFaulty();
            }
        }

        private static void failWhileFaulty() {
            if (FAULTY.get()) {
                throw new IllegalStateException("this customer's events break the projection");
            }
        }
    }
}
