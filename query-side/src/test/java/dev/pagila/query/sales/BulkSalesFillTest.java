package dev.pagila.query.sales;

import dev.pagila.infra.dynamodb.FilmsTable;
import dev.pagila.kernel.catalog.FilmId;
import dev.pagila.kernel.customers.CustomerId;
import dev.pagila.kernel.money.Money;
import dev.pagila.kernel.sales.FilmRentedEvent;
import dev.pagila.kernel.sales.PaymentId;
import dev.pagila.kernel.sales.PaymentTakenEvent;
import dev.pagila.kernel.sales.RentalId;
import dev.pagila.kernel.sales.RentalReturnedEvent;
import dev.pagila.kernel.stores.InventoryId;
import dev.pagila.kernel.stores.StaffId;
import dev.pagila.kernel.stores.StoreId;
import dev.pagila.query.projection.BatchedHandling;
import dev.pagila.query.projection.BulkWriters;
import dev.pagila.query.projection.ProjectionWriters;
import dev.pagila.query.support.ReadStores;
import dev.pagila.query.table.ReadModelTable;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.GenericTrackedEventMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bulk path against the live one on real DynamoDB Local: the same stream of rentals, returns and payments (some
 * paid before their rental, some split over several payments) projected live into one table and through a bulk fill
 * into another must leave the two tables equal, attribute for attribute, sales totals to the cent, however often the
 * fill writes out early.
 */
class BulkSalesFillTest {

    private static final ZoneId LONDON = ZoneId.of("Europe/London");
    private static final AtomicInteger TABLES = new AtomicInteger();
    private static ReadStores stores;
    private static List<EventMessage<?>> stream;

    @BeforeAll
    static void startStoresAndWriteAHistory() {
        stores = new ReadStores();
        stream = history(new Random(20));
    }

    @AfterAll
    static void stopStores() {
        stores.close();
    }

    @ParameterizedTest(name = "holding at most {0} items, {1}")
    @CsvSource({"1000000, BATCH_WRITE", "1000000, TRANSACT_WRITE", "40, BATCH_WRITE", "40, TRANSACT_WRITE"})
    void aBulkFillLeavesExactlyTheItemsTheLivePathWrites(int maxItemsHeld, ReadModelTable.BulkRequests requests) throws Exception {
        ReadModelTable live = freshTable();
        ReadModelTable bulk = freshTable();
        BulkWriters bulkWriters = new BulkWriters(new BulkWriters.Settings(maxItemsHeld, 3, requests), dev.pagila.query.projection.EventIndexes.FROM_TOKENS);

        project(live, stores.writers(stores.cache()));
        project(bulk, bulkWriters);
        bulkWriters.writeOut();

        List<Map<String, AttributeValue>> expected = scan(live);
        assertThat(expected).hasSizeGreaterThan(300);
        assertThat(scan(bulk)).isEqualTo(expected);
        if (maxItemsHeld >= expected.size()) {
            assertThat(bulkWriters.itemsWritten()).as("each final item written once").isEqualTo(expected.size());
        }
    }

    private static void project(ReadModelTable table, ProjectionWriters writers) throws Exception {
        SalesProjection projection = new SalesProjection(new SalesTable(table), stores.cache(), LONDON, writers);
        for (int from = 0; from < stream.size(); from += 25) {
            BatchedHandling.handle(new AnnotationEventHandlerAdapter(projection), stream.subList(from, Math.min(stream.size(), from + 25)));
        }
    }

    private static ReadModelTable freshTable() {
        String name = "Films_bulk_" + TABLES.incrementAndGet();
        FilmsTable.createIfMissing(stores.dynamoDb, name);
        return new ReadModelTable(stores.dynamoDb, name);
    }

    private static List<Map<String, AttributeValue>> scan(ReadModelTable table) {
        return stores.dynamoDb.scanPaginator(request -> request.tableName(table.name()).consistentRead(true)).items().stream()
                .sorted(Comparator.comparing(item -> item.get(FilmsTable.PK).s() + "|" + item.get(FilmsTable.SK).s())).toList();
    }

    /** 150 rentals of 6 films in 2 stores; a third paid before they are rented, some paid twice, most returned. */
    private static List<EventMessage<?>> history(Random random) {
        List<Object> events = new ArrayList<>();
        int payment = 1;
        for (int rental = 1; rental <= 150; rental++) {
            int film = 1 + random.nextInt(6);
            int store = 1 + random.nextInt(2);
            int customer = 1 + random.nextInt(20);
            Instant rentedAt = Instant.parse("2022-05-24T10:00:00Z").plus(Duration.ofHours(rental));
            FilmRentedEvent rented = new FilmRentedEvent(RentalId.of(rental), InventoryId.of(film * 10 + store), FilmId.of(film),
                    StoreId.of(store), CustomerId.of(customer), StaffId.of(store), rentedAt, rentedAt.plus(Duration.ofDays(3)),
                    Money.of(rental % 2 == 0 ? "0.99" : "2.99"), 3);
            PaymentTakenEvent paid = new PaymentTakenEvent(PaymentId.of(payment++), CustomerId.of(customer), StaffId.of(store),
                    RentalId.of(rental), Money.of(random.nextInt(3) + "." + (10 + random.nextInt(90))), rentedAt.plusSeconds(60));
            if (rental % 3 == 0) {
                events.add(paid);
                events.add(rented);
            } else {
                events.add(rented);
                events.add(paid);
            }
            if (rental % 5 == 0) {
                events.add(new PaymentTakenEvent(PaymentId.of(payment++), CustomerId.of(customer), StaffId.of(store),
                        RentalId.of(rental), Money.of("1.00"), rentedAt.plus(Duration.ofDays(5))));
            }
            if (rental % 7 != 0) {
                events.add(new RentalReturnedEvent(RentalId.of(rental), InventoryId.of(film * 10 + store), FilmId.of(film),
                        StoreId.of(store), CustomerId.of(customer), rentedAt, rentedAt.plus(Duration.ofDays(1 + rental % 5)),
                        Math.max(0, rental % 5 - 2), Money.of("0.00")));
            }
        }
        List<EventMessage<?>> messages = new ArrayList<>();
        for (int position = 0; position < events.size(); position++) {
            messages.add(new GenericTrackedEventMessage<>(GapAwareTrackingToken.newInstance(position + 1, List.of()),
                    GenericEventMessage.asEventMessage(events.get(position))));
        }
        return messages;
    }
}
