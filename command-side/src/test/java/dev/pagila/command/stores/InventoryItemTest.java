package dev.pagila.command.stores;

import dev.pagila.command.sales.LateFeePolicy;
import dev.pagila.command.sales.RentalOutcome;
import dev.pagila.command.sales.ReturnOutcome;
import dev.pagila.command.shared.CommandLookups;
import dev.pagila.command.shared.References;
import dev.pagila.command.shared.Rule;
import dev.pagila.command.shared.UnknownReferenceException;
import dev.pagila.kernel.catalog.FilmId;
import dev.pagila.kernel.customers.CustomerId;
import dev.pagila.kernel.money.Money;
import dev.pagila.kernel.sales.FilmRentedEvent;
import dev.pagila.kernel.sales.RentCopyCommand;
import dev.pagila.kernel.sales.RentalId;
import dev.pagila.kernel.sales.RentalTerms;
import dev.pagila.kernel.sales.RentalReturnedEvent;
import dev.pagila.kernel.sales.ReturnRentalCommand;
import dev.pagila.kernel.stores.AddCopyToInventoryCommand;
import dev.pagila.kernel.stores.CopyAddedToInventoryEvent;
import dev.pagila.kernel.stores.CopyRetiredEvent;
import dev.pagila.kernel.stores.InventoryId;
import dev.pagila.kernel.stores.RetireCopyCommand;
import dev.pagila.kernel.stores.StaffId;
import dev.pagila.kernel.stores.StoreId;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;

import static dev.pagila.command.support.Refusals.refusedBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

class InventoryItemTest {

    private static final InventoryId COPY = InventoryId.of(1525);
    private static final FilmId FILM = FilmId.of(333);
    private static final StoreId STORE = StoreId.of(2);
    private static final CustomerId MARY = CustomerId.of(1);
    private static final StaffId MIKE = StaffId.of(1);
    private static final RentalId RENTAL = RentalId.of(2);
    private static final Instant RENTED_AT = Instant.parse("2022-05-24T22:54:33Z");
    private static final int RENTAL_DURATION = 6;
    private static final Money RATE = Money.of("0.99");
    private static final RentalTerms TERMS = new RentalTerms(RATE, RENTAL_DURATION);
    private static final LateFeePolicy LATE_FEES = new LateFeePolicy(ZoneId.of("Europe/London"), Money.of("1.00"));

    private AggregateTestFixture<InventoryItem> fixture;
    private References references;
    private CommandLookups lookups;

    @BeforeEach
    void setUp() {
        references = mock(References.class);
        when(references.permitRental(any(), any(), any())).thenReturn(new References.RentalPermit(true, TERMS));
        fixture = new AggregateTestFixture<>(InventoryItem.class);
        fixture.registerInjectableResource(references);
        fixture.registerInjectableResource(LATE_FEES);
        lookups = mock(CommandLookups.class);
        when(lookups.copyOf(any())).thenReturn(Optional.empty());
        fixture.registerInjectableResource(lookups);
    }

    private static CopyAddedToInventoryEvent added() {
        return new CopyAddedToInventoryEvent(COPY, FILM, STORE);
    }

    private static FilmRentedEvent rented(RentalId rental, Instant at) {
        return new FilmRentedEvent(rental, COPY, FILM, STORE, MARY, MIKE, at, at.plus(Duration.ofDays(RENTAL_DURATION)),
                RATE, RENTAL_DURATION);
    }

    @Nested
    class AddCopyToInventory {

        @Test
        void addsACopyOfAKnownFilmToAKnownStore() {
            fixture.givenNoPriorActivity()
                    .when(new AddCopyToInventoryCommand(COPY, FILM, STORE))
                    .expectEvents(added());
        }

        @Test
        void refusesACopyOfAnUnknownFilm() {
            doThrow(new UnknownReferenceException("no film 333 is known")).when(references).requireFilm(FILM);
            fixture.givenNoPriorActivity()
                    .when(new AddCopyToInventoryCommand(COPY, FILM, STORE))
                    .expectException(UnknownReferenceException.class)
                    .expectNoEvents();
        }
    }

    @Nested
    class RentCopy {

        @Test
        void rentsACopyThatIsInAndDueAfterTheFilmsRentalDuration() {
            fixture.given(added())
                    .when(new RentCopyCommand(COPY, RENTAL, MARY, MIKE, RENTED_AT))
                    .expectEvents(rented(RENTAL, RENTED_AT))
                    .expectResultMessagePayload(new RentalOutcome(RENTAL, Instant.parse("2022-05-30T22:54:33Z")));
        }

        @Test
        void recordsTheTermsInForceSoAShorterDurationOnlyDuesNewRentalsSooner() {
            Instant returnedAt = RENTED_AT.plus(Duration.ofDays(2));
            Instant rentedAgain = returnedAt.plus(Duration.ofHours(1));
            when(references.permitRental(any(), any(), any())).thenReturn(new References.RentalPermit(true,
                    new RentalTerms(Money.of("2.99"), 3)));
            fixture.given(added(), rented(RENTAL, RENTED_AT), new RentalReturnedEvent(RENTAL, COPY, FILM, STORE, MARY,
                            RENTED_AT, returnedAt, 0, Money.ZERO))
                    .when(new RentCopyCommand(COPY, RentalId.of(3), MARY, MIKE, rentedAgain))
                    .expectEvents(new FilmRentedEvent(RentalId.of(3), COPY, FILM, STORE, MARY, MIKE, rentedAgain,
                            rentedAgain.plus(Duration.ofDays(3)), Money.of("2.99"), 3));
        }

        @Test
        void refusesToRentACopyThatIsOut() {
            fixture.given(added(), rented(RENTAL, RENTED_AT))
                    .when(new RentCopyCommand(COPY, RentalId.of(3), CustomerId.of(2), MIKE, RENTED_AT.plusSeconds(60)))
                    .expectException(refusedBy(Rule.COPY_OUT))
                    .expectExceptionMessage("copy-1525 is already rented out")
                    .expectNoEvents();
        }

        @Test
        void rentsTheCopyAgainOnceItIsBack() {
            Instant returnedAt = RENTED_AT.plus(Duration.ofDays(2));
            fixture.given(added(), rented(RENTAL, RENTED_AT), new RentalReturnedEvent(RENTAL, COPY, FILM, STORE, MARY,
                            RENTED_AT, returnedAt, 0, Money.ZERO))
                    .when(new RentCopyCommand(COPY, RentalId.of(3), MARY, MIKE, returnedAt.plusSeconds(60)))
                    .expectEvents(rented(RentalId.of(3), returnedAt.plusSeconds(60)));
        }

        @Test
        void refusesToRentACopyRetiredFromTheInventory() {
            fixture.given(added(), new CopyRetiredEvent(COPY, FILM, STORE))
                    .when(new RentCopyCommand(COPY, RENTAL, MARY, MIKE, RENTED_AT))
                    .expectException(refusedBy(Rule.COPY_RETIRED))
                    .expectNoEvents();
        }

        @Test
        void refusesToRentToAnInactiveCustomer() {
            when(references.permitRental(any(), any(), any())).thenReturn(new References.RentalPermit(false, TERMS));
            fixture.given(added())
                    .when(new RentCopyCommand(COPY, RENTAL, MARY, MIKE, RENTED_AT))
                    .expectException(refusedBy(Rule.CUSTOMER_INACTIVE))
                    .expectExceptionMessage("customer-1 is not active")
                    .expectNoEvents();
        }
    }

    @Nested
    class ReturnRental {

        @Test
        void refusesAReturnBeforeItsRental() {
            fixture.given(added(), rented(RENTAL, RENTED_AT))
                    .when(new ReturnRentalCommand(COPY, RENTAL, RENTED_AT.minusSeconds(1)))
                    .expectException(refusedBy(Rule.RETURN_BEFORE_RENTAL))
                    .expectNoEvents();
        }

        @Test
        void returnsOnTimeWithoutAFee() {
            Instant returnedAt = Instant.parse("2022-05-28T19:40:33Z");
            fixture.given(added(), rented(RENTAL, RENTED_AT))
                    .when(new ReturnRentalCommand(COPY, RENTAL, returnedAt))
                    .expectEvents(new RentalReturnedEvent(RENTAL, COPY, FILM, STORE, MARY, RENTED_AT, returnedAt, 0, Money.ZERO))
                    .expectResultMessagePayload(new ReturnOutcome(RENTAL, 0, Money.ZERO));
        }

        @Test
        void chargesOnePoundPerCalendarDayLateInTheBusinessZone() {
            // rented 23:54 on 24 May in London; due 30 May; back on 2 June: 9 calendar days, 3 of them late
            Instant returnedAt = Instant.parse("2022-06-02T08:00:00Z");
            fixture.given(added(), rented(RENTAL, RENTED_AT))
                    .when(new ReturnRentalCommand(COPY, RENTAL, returnedAt))
                    .expectResultMessagePayload(new ReturnOutcome(RENTAL, 3, Money.of("3.00")));
        }

        @Test
        void countsDaysInTheBusinessZoneNotInUtc() {
            // 00:30 on 25 May to 23:30 on 28 May in London is 3 calendar days (4 in UTC): within a 3-day rental
            Instant rentedAt = Instant.parse("2022-05-24T23:30:00Z");
            Instant returnedAt = Instant.parse("2022-05-28T22:30:00Z");
            FilmRentedEvent threeDayRental = new FilmRentedEvent(RENTAL, COPY, FILM, STORE, MARY, MIKE, rentedAt,
                    rentedAt.plus(Duration.ofDays(3)), RATE, 3);
            fixture.given(added(), threeDayRental)
                    .when(new ReturnRentalCommand(COPY, RENTAL, returnedAt))
                    .expectResultMessagePayload(new ReturnOutcome(RENTAL, 0, Money.ZERO));
        }

        @Test
        void refusesToReturnARentalTwice() {
            when(lookups.copyOf(RENTAL)).thenReturn(Optional.of(COPY));
            Instant returnedAt = RENTED_AT.plus(Duration.ofDays(1));
            fixture.given(added(), rented(RENTAL, RENTED_AT), new RentalReturnedEvent(RENTAL, COPY, FILM, STORE, MARY,
                            RENTED_AT, returnedAt, 0, Money.ZERO))
                    .when(new ReturnRentalCommand(COPY, RENTAL, returnedAt.plusSeconds(5)))
                    .expectException(refusedBy(Rule.ALREADY_RETURNED))
                    .expectNoEvents();
        }

        @Test
        void refusesToReturnAnUnknownRental() {
            fixture.given(added())
                    .when(new ReturnRentalCommand(COPY, RENTAL, RENTED_AT))
                    .expectException(UnknownReferenceException.class)
                    .expectNoEvents();
        }
    }

    @Nested
    class RetireCopy {

        @Test
        void retiresACopyThatIsIn() {
            fixture.given(added())
                    .when(new RetireCopyCommand(COPY))
                    .expectEvents(new CopyRetiredEvent(COPY, FILM, STORE));
        }

        @Test
        void refusesToRetireACopyThatIsOut() {
            fixture.given(added(), rented(RENTAL, RENTED_AT))
                    .when(new RetireCopyCommand(COPY))
                    .expectException(refusedBy(Rule.COPY_OUT))
                    .expectNoEvents();
        }
    }
}
