package dev.pagila.command.sales;

import dev.pagila.command.support.CommandSideInstance;
import dev.pagila.kernel.catalog.ChangeFilmPricingCommand;
import dev.pagila.kernel.catalog.FilmId;
import dev.pagila.kernel.money.Money;
import dev.pagila.kernel.sales.FilmRentedEvent;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Rentals stored before they carried their terms, read through the running command side's event store. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RentalTermsTest {

    private CommandSideInstance commandSide;
    private JdbcTemplate jdbc;

    @BeforeAll
    void importPagila() throws Exception {
        commandSide = CommandSideInstance.withPagila("terms");
        jdbc = commandSide.bean(JdbcTemplate.class);
    }

    @AfterAll
    void stop() {
        commandSide.close();
    }

    @Test
    void aRevisionOneRentalIsReadWithTheTermsInForceAtItsPlaceInTheStreamAfterTwoRepricings() {
        // film 2 (ACE GOLDFINGER) rents for 3 days at 4.99 in Pagila; copies 9 to 11 are its copies, in store 2
        storeRevisionOneRental(9, 990_001);
        CommandGateway commands = commandSide.bean(CommandGateway.class);
        commands.sendAndWait(new ChangeFilmPricingCommand(FilmId.of(2), 5, Money.of("1.49"), Money.of("12.99")));
        commands.sendAndWait(new ChangeFilmPricingCommand(FilmId.of(2), 7, Money.of("2.49"), Money.of("12.99")));
        storeRevisionOneRental(10, 990_002);
        commands.sendAndWait(new ChangeFilmPricingCommand(FilmId.of(2), 2, Money.of("0.49"), Money.of("12.99")));

        assertThat(rentalOf("copy-9", 990_001)).extracting(FilmRentedEvent::rentalRate, FilmRentedEvent::rentalDuration)
                .containsExactly(Money.of("4.99"), 3);
        assertThat(rentalOf("copy-10", 990_002)).extracting(FilmRentedEvent::rentalRate, FilmRentedEvent::rentalDuration)
                .containsExactly(Money.of("2.49"), 7);
    }

    /** Appends a rental the way revision 1 stored it: the same JSON without the terms. */
    private void storeRevisionOneRental(int copy, int rentalId) {
        String stream = "copy-" + copy;
        long next = jdbc.queryForObject("SELECT max(sequence_number) + 1 FROM events.domain_event_entry WHERE aggregate_identifier = ?",
                Long.class, stream);
        String payload = """
                {"rentalId":%d,"inventoryId":%d,"filmId":2,"storeId":2,"customerId":1,"staffId":1,
                 "rentedAt":"2026-01-05T10:00:00Z","dueAt":"2026-01-08T10:00:00Z"}""".formatted(rentalId, copy);
        jdbc.update("""
                INSERT INTO events.domain_event_entry (event_identifier, aggregate_identifier, sequence_number, type,
                    time_stamp, payload_type, payload_revision, payload, meta_data)
                VALUES (?, ?, ?, 'InventoryItem', '2026-01-05T10:00:00Z', ?, '1', ?, ?)""",
                UUID.randomUUID().toString(), stream, next, FilmRentedEvent.class.getName(),
                payload.getBytes(StandardCharsets.UTF_8), "{}".getBytes(StandardCharsets.UTF_8));
    }

    private FilmRentedEvent rentalOf(String stream, int rentalId) {
        List<FilmRentedEvent> rentals = commandSide.bean(EventStore.class).readEvents(stream).asStream()
                .map(message -> message.getPayload())
                .filter(payload -> payload instanceof FilmRentedEvent rented && rented.rentalId().value() == rentalId)
                .map(FilmRentedEvent.class::cast)
                .toList();
        assertThat(rentals).hasSize(1);
        return rentals.get(0);
    }
}
