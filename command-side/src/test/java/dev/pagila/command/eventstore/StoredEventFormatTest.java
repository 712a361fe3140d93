package dev.pagila.command.eventstore;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pagila.command.support.CommandSideInstance;
import dev.pagila.command.support.TestDatabases;
import dev.pagila.kernel.catalog.ActorCastEvent;
import dev.pagila.kernel.catalog.ActorId;
import dev.pagila.kernel.catalog.ActorRegisteredEvent;
import dev.pagila.kernel.catalog.ActorRemovedFromFilmEvent;
import dev.pagila.kernel.catalog.ActorRenamedEvent;
import dev.pagila.kernel.catalog.CategoryCreatedEvent;
import dev.pagila.kernel.catalog.CategoryId;
import dev.pagila.kernel.catalog.CategoryRenamedEvent;
import dev.pagila.kernel.catalog.FilmCategorizedEvent;
import dev.pagila.kernel.catalog.FilmDetails;
import dev.pagila.kernel.catalog.FilmDetailsRevisedEvent;
import dev.pagila.kernel.catalog.FilmId;
import dev.pagila.kernel.catalog.FilmPricingChangedEvent;
import dev.pagila.kernel.catalog.FilmRegisteredEvent;
import dev.pagila.kernel.catalog.FilmUncategorizedEvent;
import dev.pagila.kernel.catalog.LanguageId;
import dev.pagila.kernel.catalog.LanguageRegisteredEvent;
import dev.pagila.kernel.catalog.Rating;
import dev.pagila.kernel.catalog.SpecialFeature;
import dev.pagila.kernel.customers.CustomerDeactivatedEvent;
import dev.pagila.kernel.customers.CustomerDetailsChangedEvent;
import dev.pagila.kernel.customers.CustomerId;
import dev.pagila.kernel.customers.CustomerReactivatedEvent;
import dev.pagila.kernel.customers.CustomerRegisteredEvent;
import dev.pagila.kernel.money.Money;
import dev.pagila.kernel.sales.FilmRentedEvent;
import dev.pagila.kernel.sales.PaymentId;
import dev.pagila.kernel.sales.PaymentTakenEvent;
import dev.pagila.kernel.sales.RentalId;
import dev.pagila.kernel.sales.RentalReturnedEvent;
import dev.pagila.kernel.shared.Address;
import dev.pagila.kernel.stores.CopyAddedToInventoryEvent;
import dev.pagila.kernel.stores.CopyRetiredEvent;
import dev.pagila.kernel.stores.InventoryId;
import dev.pagila.kernel.stores.StaffDeactivatedEvent;
import dev.pagila.kernel.stores.StaffHiredEvent;
import dev.pagila.kernel.stores.StaffId;
import dev.pagila.kernel.stores.StoreId;
import dev.pagila.kernel.stores.StoreOpenedEvent;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.RegexPatternTypeFilter;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The JSON every event is stored as, through the command side's own serializer, against the files in
 * {@code src/test/resources/stored-events} (one per type and revision): events are stored for good, so a change of
 * their format must be a new revision with an upcaster, never an accident. A new event type without a file fails.
 * {@code -Dstored-events.record=true} writes the files for review.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StoredEventFormatTest {

    private static final Instant AT = Instant.parse("2022-05-24T22:53:30Z");
    private static final Address ADDRESS = new Address("1913 Hanoi Way", null, "Nagasaki", "Sasebo", "Japan", "35200", "28303384290");
    private static final FilmDetails DETAILS = new FilmDetails("ACADEMY DINOSAUR", "A Epic Drama", 2006, LanguageId.of(1), null, 6,
            Money.of("0.99"), 86, Money.of("20.99"), Rating.PG, List.of(SpecialFeature.values()[0]));

    private static final List<Object> SAMPLES = List.of(
            new ActorCastEvent(FilmId.of(1), ActorId.of(1)),
            new ActorRegisteredEvent(ActorId.of(1), "PENELOPE", "GUINESS"),
            new ActorRemovedFromFilmEvent(FilmId.of(1), ActorId.of(1)),
            new ActorRenamedEvent(ActorId.of(1), "PENELOPE", "CRUZ"),
            new CategoryCreatedEvent(CategoryId.of(6), "Documentary"),
            new CategoryRenamedEvent(CategoryId.of(6), "Documentaries"),
            new FilmCategorizedEvent(FilmId.of(1), CategoryId.of(6)),
            new FilmDetailsRevisedEvent(FilmId.of(1), DETAILS),
            new FilmPricingChangedEvent(FilmId.of(1), 3, Money.of("2.99"), Money.of("19.99")),
            new FilmRegisteredEvent(FilmId.of(1), DETAILS),
            new FilmUncategorizedEvent(FilmId.of(1), CategoryId.of(6)),
            new LanguageRegisteredEvent(LanguageId.of(1), "English"),
            new CustomerDeactivatedEvent(CustomerId.of(1)),
            new CustomerDetailsChangedEvent(CustomerId.of(1), StoreId.of(1), "MARY", "JONES", "MARY.JONES@sakilacustomer.org", ADDRESS),
            new CustomerReactivatedEvent(CustomerId.of(1)),
            new CustomerRegisteredEvent(CustomerId.of(1), StoreId.of(1), "MARY", "SMITH", "MARY.SMITH@sakilacustomer.org", ADDRESS, true),
            new FilmRentedEvent(RentalId.of(2), InventoryId.of(1525), FilmId.of(333), StoreId.of(2), CustomerId.of(459),
                    StaffId.of(1), AT, AT.plusSeconds(3 * 86_400), Money.of("2.99"), 3),
            new PaymentTakenEvent(PaymentId.of(16050), CustomerId.of(459), StaffId.of(1), RentalId.of(2), Money.of("2.99"), AT),
            new RentalReturnedEvent(RentalId.of(2), InventoryId.of(1525), FilmId.of(333), StoreId.of(2), CustomerId.of(459), AT,
                    AT.plusSeconds(5 * 86_400), 2, Money.of("2.00")),
            new CopyAddedToInventoryEvent(InventoryId.of(1525), FilmId.of(333), StoreId.of(2)),
            new CopyRetiredEvent(InventoryId.of(1525), FilmId.of(333), StoreId.of(2)),
            new StaffDeactivatedEvent(StaffId.of(2)),
            new StaffHiredEvent(StaffId.of(1), "Mike", "Hillyer", ADDRESS, "Mike.Hillyer@sakilastaff.com", StoreId.of(1), "Mike", true),
            new StoreOpenedEvent(StoreId.of(1), StaffId.of(1), ADDRESS));

    private final ObjectMapper json = new ObjectMapper();
    private CommandSideInstance commandSide;
    private Serializer events;

    @BeforeAll
    void start() {
        commandSide = CommandSideInstance.start(TestDatabases.eventStore("stored_events"));
        events = (Serializer) commandSide.bean("eventSerializer");
    }

    @AfterAll
    void stop() {
        commandSide.close();
    }

    @Test
    void everyEventIsStoredAsItsRevisionsFileSaysAndReadsBackTheSame() throws IOException {
        for (Object event : SAMPLES) {
            SerializedObject<String> stored = events.serialize(event, String.class);
            String file = event.getClass().getSimpleName() + ".rev" + stored.getType().getRevision() + ".json";
            if (Boolean.getBoolean("stored-events.record")) {
                Files.writeString(Path.of("src/test/resources/stored-events", file), stored.getData() + "\n");
                continue;
            }
            try (InputStream expected = getClass().getResourceAsStream("/stored-events/" + file)) {
                assertThat(expected).as("the stored format of " + file).isNotNull();
                assertThat(json.readTree(stored.getData())).as(file)
                        .isEqualTo(json.readTree(new String(expected.readAllBytes(), StandardCharsets.UTF_8)));
            }
            Object read = events.deserialize(new SimpleSerializedObject<>(stored.getData(), String.class, stored.getType()));
            assertThat(read).as(file).isEqualTo(event);
        }
    }

    @Test
    void everyEventTypeHasAStoredFormat() {
        ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
        scanner.addIncludeFilter(new RegexPatternTypeFilter(Pattern.compile(".*Event")));
        Set<String> eventTypes = scanner.findCandidateComponents("dev.pagila.kernel").stream()
                .map(candidate -> candidate.getBeanClassName()).collect(Collectors.toSet());

        assertThat(SAMPLES.stream().map(sample -> sample.getClass().getName()).collect(Collectors.toSet()))
                .containsExactlyInAnyOrderElementsOf(eventTypes);
    }
}
