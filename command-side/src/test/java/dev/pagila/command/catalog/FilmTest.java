package dev.pagila.command.catalog;

import dev.pagila.command.shared.References;
import dev.pagila.command.shared.Rule;
import dev.pagila.command.shared.UnknownReferenceException;
import dev.pagila.kernel.catalog.ActorCastEvent;
import dev.pagila.kernel.catalog.ActorId;
import dev.pagila.kernel.catalog.CastActorCommand;
import dev.pagila.kernel.catalog.CategoryId;
import dev.pagila.kernel.catalog.ChangeFilmPricingCommand;
import dev.pagila.kernel.catalog.FilmCategorizedEvent;
import dev.pagila.kernel.catalog.FilmDetails;
import dev.pagila.kernel.catalog.FilmPricingChangedEvent;
import dev.pagila.kernel.catalog.FilmUncategorizedEvent;
import dev.pagila.kernel.catalog.RemoveActorFromFilmCommand;
import dev.pagila.kernel.catalog.UncategorizeFilmCommand;
import dev.pagila.kernel.catalog.FilmDetailsRevisedEvent;
import dev.pagila.kernel.catalog.FilmId;
import dev.pagila.kernel.catalog.FilmRegisteredEvent;
import dev.pagila.kernel.catalog.LanguageId;
import dev.pagila.kernel.catalog.Rating;
import dev.pagila.kernel.catalog.RegisterFilmCommand;
import dev.pagila.kernel.catalog.ReviseFilmDetailsCommand;
import dev.pagila.kernel.catalog.SpecialFeature;
import dev.pagila.kernel.money.Money;
import org.axonframework.messaging.interceptors.BeanValidationInterceptor;
import org.axonframework.messaging.interceptors.JSR303ViolationException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.pagila.command.support.Refusals.refusedBy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;

class FilmTest {

    private static final FilmId FILM = FilmId.of(1);
    private static final FilmDetails ACADEMY_DINOSAUR = new FilmDetails("ACADEMY DINOSAUR",
            "A Epic Drama of a Feminist And a Mad Scientist who must Battle a Teacher in The Canadian Rockies",
            2006, LanguageId.of(1), null, 6, Money.of("0.99"), 86, Money.of("20.99"), Rating.PG,
            List.of(SpecialFeature.DELETED_SCENES, SpecialFeature.BEHIND_THE_SCENES));

    private AggregateTestFixture<Film> fixture;
    private References references;

    @BeforeEach
    void setUp() {
        references = mock(References.class);
        fixture = new AggregateTestFixture<>(Film.class);
        fixture.registerInjectableResource(references);
        fixture.registerCommandDispatchInterceptor(new BeanValidationInterceptor<>());
    }

    @Nested
    class RegisterFilm {

        @Test
        void registersFilmWithEveryPagilaField() {
            fixture.givenNoPriorActivity()
                    .when(new RegisterFilmCommand(FILM, ACADEMY_DINOSAUR))
                    .expectSuccessfulHandlerExecution()
                    .expectEvents(new FilmRegisteredEvent(FILM, ACADEMY_DINOSAUR));
        }

        @Test
        void refusesFilmWithoutTitle() {
            assertRefusedForField("title", new RegisterFilmCommand(FILM, withTitle(" ")));
        }

        @Test
        void refusesNegativeRentalRate() {
            FilmDetails negativeRate = new FilmDetails("FREE FILM", null, 2006, LanguageId.of(1), null, 3,
                    Money.of("-0.01"), 90, Money.of("9.99"), Rating.G, List.of());
            assertRefusedForField("rentalRate", new RegisterFilmCommand(FILM, negativeRate));
        }

        @Test
        void refusesReleaseYearOutsidePagilasYearDomain() {
            FilmDetails tooOld = new FilmDetails("SILENT", null, 1895, LanguageId.of(1), null, 3,
                    Money.of("0.99"), 90, Money.of("9.99"), Rating.G, List.of());
            assertRefusedForField("releaseYear", new RegisterFilmCommand(FILM, tooOld));
        }

        @Test
        void refusesFilmWithoutDetails() {
            assertRefusedForField("details", new RegisterFilmCommand(FILM, null));
        }
    }

    @Nested
    class ReviseFilmDetails {

        @Test
        void revisesEveryField() {
            FilmDetails revised = withTitle("ACADEMY DINOSAUR (REMASTERED)");
            fixture.given(new FilmRegisteredEvent(FILM, ACADEMY_DINOSAUR))
                    .when(new ReviseFilmDetailsCommand(FILM, revised))
                    .expectSuccessfulHandlerExecution()
                    .expectEvents(new FilmDetailsRevisedEvent(FILM, revised));
        }

        @Test
        void appendsNothingWhenNothingChanges() {
            fixture.given(new FilmRegisteredEvent(FILM, ACADEMY_DINOSAUR))
                    .when(new ReviseFilmDetailsCommand(FILM, ACADEMY_DINOSAUR))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents();
        }

        @Test
        void revisesFromTheLatestRevision() {
            FilmDetails first = withTitle("FIRST");
            fixture.given(new FilmRegisteredEvent(FILM, ACADEMY_DINOSAUR), new FilmDetailsRevisedEvent(FILM, first))
                    .when(new ReviseFilmDetailsCommand(FILM, first))
                    .expectNoEvents();
        }

        @Test
        void refusesRevisionOfUnknownFilm() {
            fixture.givenNoPriorActivity()
                    .when(new ReviseFilmDetailsCommand(FILM, ACADEMY_DINOSAUR))
                    .expectException(AggregateNotFoundException.class)
                    .expectNoEvents();
        }

        @Test
        void refusesRevisionWithoutTitle() {
            fixture.given(new FilmRegisteredEvent(FILM, ACADEMY_DINOSAUR));
            assertRefusedForField("title", new ReviseFilmDetailsCommand(FILM, withTitle(null)));
        }
    }

    @Nested
    class CastAndCategories {

        private final ActorId penelope = ActorId.of(1);
        private final CategoryId documentary = CategoryId.of(6);

        @Test
        void castsAKnownActor() {
            fixture.given(new FilmRegisteredEvent(FILM, ACADEMY_DINOSAUR))
                    .when(new CastActorCommand(FILM, penelope))
                    .expectEvents(new ActorCastEvent(FILM, penelope));
        }

        @Test
        void refusesToCastAnUnknownActor() {
            doThrow(new UnknownReferenceException("no actor 1 is known")).when(references).requireActor(penelope);
            fixture.given(new FilmRegisteredEvent(FILM, ACADEMY_DINOSAUR))
                    .when(new CastActorCommand(FILM, penelope))
                    .expectException(UnknownReferenceException.class)
                    .expectNoEvents();
        }

        @Test
        void castingAnActorAlreadyInTheCastAppendsNothing() {
            fixture.given(new FilmRegisteredEvent(FILM, ACADEMY_DINOSAUR), new ActorCastEvent(FILM, penelope))
                    .when(new CastActorCommand(FILM, penelope))
                    .expectNoEvents();
        }

        @Test
        void refusesToRemoveAnActorWhoIsNotInTheCast() {
            fixture.given(new FilmRegisteredEvent(FILM, ACADEMY_DINOSAUR))
                    .when(new RemoveActorFromFilmCommand(FILM, penelope))
                    .expectException(refusedBy(Rule.NOT_IN_CAST))
                    .expectNoEvents();
        }

        @Test
        void categorizesAndUncategorizes() {
            fixture.given(new FilmRegisteredEvent(FILM, ACADEMY_DINOSAUR), new FilmCategorizedEvent(FILM, documentary))
                    .when(new UncategorizeFilmCommand(FILM, documentary))
                    .expectEvents(new FilmUncategorizedEvent(FILM, documentary));
        }

        @Test
        void refusesToUncategorizeAFilmFromACategoryItIsNotIn() {
            fixture.given(new FilmRegisteredEvent(FILM, ACADEMY_DINOSAUR))
                    .when(new UncategorizeFilmCommand(FILM, documentary))
                    .expectException(refusedBy(Rule.NOT_IN_CATEGORY))
                    .expectNoEvents();
        }

        @Test
        void changesPricingAsOneEntry() {
            fixture.given(new FilmRegisteredEvent(FILM, ACADEMY_DINOSAUR))
                    .when(new ChangeFilmPricingCommand(FILM, 3, Money.of("2.99"), Money.of("19.99")))
                    .expectEvents(new FilmPricingChangedEvent(FILM, 3, Money.of("2.99"), Money.of("19.99")));
        }
    }

    @Test
    void streamsOfDifferentAggregateTypesNeverShareAnIdentifierForTheSameNumber() {
        // Pagila's tables number from 1 each; the event store keys streams by identifier alone
        assertThat(java.util.stream.Stream.of(FilmId.of(1), ActorId.of(1), CategoryId.of(1), LanguageId.of(1),
                dev.pagila.kernel.customers.CustomerId.of(1), dev.pagila.kernel.stores.InventoryId.of(1),
                dev.pagila.kernel.stores.StaffId.of(1), dev.pagila.kernel.stores.StoreId.of(1))
                .map(Object::toString).distinct()).hasSize(8);
    }

    /** Refused where the command enters the bus, naming the field: the aggregate never sees it, no event is stored. */
    private void assertRefusedForField(String field, Object command) {
        assertThatThrownBy(() -> fixture.when(command))
                .isInstanceOfSatisfying(JSR303ViolationException.class, refusal -> assertThat(refusal.getViolations())
                        .extracting(violation -> violation.getPropertyPath().toString())
                        .anySatisfy(path -> assertThat(path).endsWith(field)));
    }

    private static FilmDetails withTitle(String title) {
        return new FilmDetails(title, ACADEMY_DINOSAUR.description(), ACADEMY_DINOSAUR.releaseYear(),
                ACADEMY_DINOSAUR.languageId(), ACADEMY_DINOSAUR.originalLanguageId(), ACADEMY_DINOSAUR.rentalDuration(),
                ACADEMY_DINOSAUR.rentalRate(), ACADEMY_DINOSAUR.length(), ACADEMY_DINOSAUR.replacementCost(),
                ACADEMY_DINOSAUR.rating(), ACADEMY_DINOSAUR.specialFeatures());
    }
}
