package dev.pagila.kernel.sales;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.pagila.kernel.catalog.FilmDetails;
import dev.pagila.kernel.catalog.FilmId;
import dev.pagila.kernel.catalog.FilmPricingChangedEvent;
import dev.pagila.kernel.catalog.FilmRegisteredEvent;
import dev.pagila.kernel.catalog.LanguageId;
import dev.pagila.kernel.catalog.Rating;
import dev.pagila.kernel.money.Money;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.serialization.upcasting.event.InitialEventRepresentation;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** Rentals stored as revision 1 (without terms), read back with the terms in force at their place in the stream. */
class FilmRentedEventUpcasterTest {

    private static final FilmId FILM = FilmId.of(7);

    private final ObjectMapper json = JsonMapper.builder().addModule(new JavaTimeModule()).build();
    private final JacksonSerializer serializer = JacksonSerializer.builder().objectMapper(json).build();
    private final List<Object[]> stored = new ArrayList<>();
    private final AtomicInteger historyReads = new AtomicInteger();
    private final FilmRentedEventUpcaster upcaster = new FilmRentedEventUpcaster((payloadTypes, reader) -> {
        historyReads.incrementAndGet();
        for (Object[] event : stored) {
            if (payloadTypes.contains((String) event[0])) {
                reader.accept((String) event[0], (String) event[1], json.valueToTree(event[2]));
            }
        }
    });

    @Test
    void eachRentalGetsTheTermsInForceWhereItStandsInTheStreamEvenAfterTwoPriceChanges() {
        store(new FilmRegisteredEvent(FILM, details("0.99", 6)), "1");
        String first = storeRevisionOneRental(1);
        store(new FilmPricingChangedEvent(FILM, 3, Money.of("2.99"), Money.of("20.99")), "1");
        store(new FilmPricingChangedEvent(FILM, 5, Money.of("4.99"), Money.of("20.99")), "1");
        String second = storeRevisionOneRental(2);
        store(new FilmPricingChangedEvent(FILM, 7, Money.of("0.49"), Money.of("20.99")), "1");

        assertThat(read(first)).extracting(FilmRentedEvent::rentalRate, FilmRentedEvent::rentalDuration)
                .containsExactly(Money.of("0.99"), 6);
        assertThat(read(second)).extracting(FilmRentedEvent::rentalRate, FilmRentedEvent::rentalDuration)
                .containsExactly(Money.of("4.99"), 5);
        assertThat(read(first).rentedAt()).isEqualTo(java.time.Instant.parse("2022-05-24T10:00:00Z"));
        assertThat(historyReads).as("the history is read once").hasValue(1);
    }

    @Test
    void aRentalStoredAfterTheHistoryWasReadMakesItBeReadAgain() {
        store(new FilmRegisteredEvent(FILM, details("0.99", 6)), "1");
        String first = storeRevisionOneRental(1);
        read(first);
        store(new FilmPricingChangedEvent(FILM, 3, Money.of("2.99"), Money.of("20.99")), "1");
        String late = storeRevisionOneRental(2);

        assertThat(read(late).rentalRate()).isEqualTo(Money.of("2.99"));
        assertThat(historyReads).hasValue(2);
    }

    @Test
    void aRevisionTwoRentalKeepsItsOwnTerms() {
        FilmRentedEvent current = new FilmRentedEvent(RentalId.of(3), dev.pagila.kernel.stores.InventoryId.of(1), FILM,
                dev.pagila.kernel.stores.StoreId.of(1), dev.pagila.kernel.customers.CustomerId.of(1),
                dev.pagila.kernel.stores.StaffId.of(1), java.time.Instant.parse("2022-06-01T10:00:00Z"),
                java.time.Instant.parse("2022-06-04T10:00:00Z"), Money.of("1.99"), 3);

        assertThat(deserialize(upcast(serializer.serialize(current, String.class).getData(), "2"))).isEqualTo(current);
        assertThat(historyReads).hasValue(0);
    }

    private void store(Object event, String revision) {
        stored.add(new Object[] {event.getClass().getName(), revision, event});
    }

    /** A rental as revision 1 wrote it: the fields of today's event but its terms. */
    private String storeRevisionOneRental(int rentalId) {
        String payload = """
                {"rentalId":%d,"inventoryId":1,"filmId":7,"storeId":1,"customerId":1,"staffId":1,
                 "rentedAt":"2022-05-24T10:00:00Z","dueAt":"2022-05-30T10:00:00Z"}""".formatted(rentalId);
        try {
            stored.add(new Object[] {FilmRentedEvent.class.getName(), "1", json.readTree(payload)});
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return payload;
    }

    private FilmRentedEvent read(String revisionOnePayload) {
        return deserialize(upcast(revisionOnePayload, "1"));
    }

    private IntermediateEventRepresentation upcast(String payload, String revision) {
        GenericDomainEventEntry<String> entry = new GenericDomainEventEntry<>("InventoryItem", "copy-1", 0, "event-id",
                java.time.Instant.EPOCH, FilmRentedEvent.class.getName(), revision, payload, "{}");
        return upcaster.upcast(java.util.stream.Stream.of(new InitialEventRepresentation(entry, serializer)))
                .findFirst().orElseThrow();
    }

    private FilmRentedEvent deserialize(IntermediateEventRepresentation representation) {
        assertThat(representation.getType().getRevision()).isEqualTo("2");
        return serializer.deserialize(new SimpleSerializedObject<>(representation.getData(String.class).getData(), String.class,
                representation.getType()));
    }

    private static FilmDetails details(String rate, int duration) {
        return new FilmDetails("ACE GOLDFINGER", null, 2006, LanguageId.of(1), null, duration, Money.of(rate), 48,
                Money.of("12.99"), Rating.G, List.of());
    }
}
