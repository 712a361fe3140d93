package dev.pagila.command.sales;

import dev.pagila.command.migration.ImportProgress;
import dev.pagila.command.migration.PagilaImporter;
import dev.pagila.command.stores.InventoryItem;
import dev.pagila.command.shared.UnknownReferenceException;
import dev.pagila.command.support.CommandSideInstance;
import dev.pagila.command.support.TestDatabases;
import dev.pagila.kernel.customers.CustomerId;
import dev.pagila.kernel.sales.RentCopyCommand;
import dev.pagila.kernel.sales.RentalId;
import dev.pagila.kernel.sales.ReturnRentalCommand;
import dev.pagila.kernel.stores.InventoryId;
import dev.pagila.kernel.stores.StaffId;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.modelling.command.Repository;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.jdbc.core.JdbcTemplate;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Rentals on the imported Pagila history, on real PostgreSQL, with two command-side instances sharing it. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RentalConcurrencyAndSnapshotTest {

    private CommandSideInstance first;
    private CommandSideInstance second;
    private JdbcTemplate jdbc;
    private final AtomicInteger copiesUsed = new AtomicInteger();

    @BeforeAll
    void importPagilaAndStartTwoInstances() throws Exception {
        String eventStore = TestDatabases.eventStore("rentals");
        first = CommandSideInstance.start(eventStore);
        second = CommandSideInstance.start(eventStore);
        try (Connection legacy = TestDatabases.legacy().getConnection()) {
            first.bean(PagilaImporter.class).importFrom(legacy, ImportProgress.SILENT);
        }
        first.signInAs("Mike", "12345"); // Pagila's store-1 manager, with Pagila's password
        second.signInAs("Mike", "12345");
        jdbc = first.bean(JdbcTemplate.class);
    }

    @AfterAll
    void stop() {
        first.close();
        second.close();
    }

    @Test
    void ofSixtyConcurrentRentalsOfOneCopyFromTwoInstancesExactlyOneWins() throws Exception {
        int copy = inStockCopy();
        long eventsBefore = eventsOf("copy-" + copy);
        int attempts = 60;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService clients = Executors.newFixedThreadPool(attempts);
        List<Future<HttpResponse<String>>> responses = new ArrayList<>();
        for (int i = 0; i < attempts; i++) {
            CommandSideInstance instance = i % 2 == 0 ? first : second;
            int customer = 1 + i % 500;
            responses.add(clients.submit(() -> {
                start.await();
                return instance.post("/api/rentals",
                        "{\"inventoryId\": " + copy + ", \"customerId\": " + customer + ", \"staffId\": 1}");
            }));
        }
        start.countDown();
        List<Integer> statuses = new ArrayList<>();
        for (Future<HttpResponse<String>> response : responses) {
            HttpResponse<String> answer = response.get();
            statuses.add(answer.statusCode());
            if (answer.statusCode() == 409) {
                assertThat(answer.body()).containsAnyOf("\"rule\":\"copy-out\"", "\"rule\":\"concurrent-change\"");
            }
        }
        clients.shutdown();

        Map<Integer, Long> byStatus = statuses.stream().collect(Collectors.groupingBy(s -> s, Collectors.counting()));
        assertThat(byStatus).containsOnlyKeys(201, 409).containsEntry(201, 1L).containsEntry(409, attempts - 1L);
        assertThat(eventsOf("copy-" + copy)).isEqualTo(eventsBefore + 1);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM events.rental_copy WHERE inventory_id = ? AND rental_id > 16049",
                Long.class, copy)).isEqualTo(1L);
    }

    /** Each instance keeps copies in memory; what the other instance did meanwhile must still count. */
    @Test
    void aCopyReturnedThroughOneInstanceRentsAgainThroughTheOtherWhoseCachedCopyStillHadItOut() throws Exception {
        int copy = inStockCopy();
        int rental = rentalIdOf(first.post("/api/rentals", "{\"inventoryId\": " + copy + ", \"customerId\": 7}"), 201);
        assertThat(second.post("/api/rentals/" + rental + "/return").statusCode()).isEqualTo(200);

        HttpResponse<String> again = first.post("/api/rentals", "{\"inventoryId\": " + copy + ", \"customerId\": 8}");

        assertThat(again.statusCode()).as(again.body()).isEqualTo(201);
    }

    @Test
    void aCopyRentedThroughOneInstanceIsRefusedByTheOtherWhoseCachedCopyStillHadItIn() throws Exception {
        int copy = inStockCopy();
        int rental = rentalIdOf(first.post("/api/rentals", "{\"inventoryId\": " + copy + ", \"customerId\": 7}"), 201);
        assertThat(first.post("/api/rentals/" + rental + "/return").statusCode()).isEqualTo(200); // first caches it in
        rentalIdOf(second.post("/api/rentals", "{\"inventoryId\": " + copy + ", \"customerId\": 8}"), 201);
        long eventsBefore = eventsOf("copy-" + copy);

        HttpResponse<String> twice = first.post("/api/rentals", "{\"inventoryId\": " + copy + ", \"customerId\": 9}");

        assertThat(twice.statusCode()).isEqualTo(409);
        assertThat(twice.body()).contains("\"rule\":\"copy-out\"");
        assertThat(eventsOf("copy-" + copy)).isEqualTo(eventsBefore);
    }

    private static int rentalIdOf(HttpResponse<String> response, int expectedStatus) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(expectedStatus);
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(response.body()).get("rentalId").asInt();
    }

    @Test
    void rentingToAnUnknownCustomerOrByAnUnknownClerkIs404AndAppendsNothing() throws Exception {
        int copy = inStockCopy();
        long eventsBefore = eventsOf("copy-" + copy);

        HttpResponse<String> unknownCustomer = first.post("/api/rentals",
                "{\"inventoryId\": " + copy + ", \"customerId\": 99999, \"staffId\": 1}");
        // the REST API takes the clerk from the token; the command itself still checks who it names
        assertThatThrownBy(() -> first.bean(CommandGateway.class).sendAndWait(new RentCopyCommand(InventoryId.of(copy),
                RentalId.of(990_000 + copy), CustomerId.of(1), StaffId.of(99), Instant.now())))
                .isInstanceOf(UnknownReferenceException.class).hasMessageContaining("no staff 99 is known");

        assertThat(unknownCustomer.statusCode()).isEqualTo(404);
        assertThat(unknownCustomer.body()).contains("no customer 99999 is known");
        assertThat(eventsOf("copy-" + copy)).isEqualTo(eventsBefore);
    }

    @Test
    void aSnapshottedCopyRebuildsTheSameStateAsItsFullStream() {
        int copy = inStockCopy();
        CommandGateway commands = first.bean(CommandGateway.class);
        Instant at = Instant.parse("2026-01-05T10:00:00Z");
        for (int i = 0; i < 30; i++) {
            RentalId rental = RentalId.of(900_000 + copy * 100 + i);
            commands.sendAndWait(new RentCopyCommand(InventoryId.of(copy), rental, CustomerId.of(1), StaffId.of(1), at));
            at = at.plus(Duration.ofDays(4));
            commands.sendAndWait(new ReturnRentalCommand(InventoryId.of(copy), rental, at));
        }
        assertThat(jdbc.queryForObject("SELECT count(*) FROM events.snapshot_event_entry WHERE aggregate_identifier = ?",
                Long.class, "copy-" + copy)).isPositive();

        InventoryItem.CopyState fromSnapshot = state(copy);
        jdbc.update("DELETE FROM events.snapshot_event_entry WHERE aggregate_identifier = ?", "copy-" + copy);
        InventoryItem.CopyState fromEveryEvent = state(copy);

        assertThat(fromSnapshot).isEqualTo(fromEveryEvent);
        assertThat(fromSnapshot.openRentals()).isEmpty();
        assertThat(fromSnapshot.rentalCount()).isGreaterThanOrEqualTo(30);
    }

    @SuppressWarnings("unchecked")
    private InventoryItem.CopyState state(int copy) {
        Repository<InventoryItem> copies = (Repository<InventoryItem>) first.bean("inventoryItemRepository");
        return DefaultUnitOfWork.startAndGet(null).executeWithResult(() ->
                copies.load("copy-" + copy).invoke(InventoryItem::state)).getPayload();
    }

    /** A copy whose every Pagila rental came back, and that no other test here has used. */
    private int inStockCopy() {
        return new JdbcTemplate(TestDatabases.legacy()).queryForList("""
                SELECT inventory_id FROM rental GROUP BY inventory_id HAVING count(return_date) = count(*)
                ORDER BY inventory_id""", Integer.class).get(copiesUsed.getAndIncrement());
    }

    private long eventsOf(String stream) {
        return jdbc.queryForObject("SELECT count(*) FROM events.domain_event_entry WHERE aggregate_identifier = ?",
                Long.class, stream);
    }
}
