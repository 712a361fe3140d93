package dev.pagila.command.catalog;

import dev.pagila.kernel.catalog.ActorId;
import dev.pagila.kernel.catalog.ActorRegisteredEvent;
import dev.pagila.kernel.catalog.ActorRenamedEvent;
import dev.pagila.kernel.catalog.RegisterActorCommand;
import dev.pagila.kernel.catalog.RenameActorCommand;
import org.axonframework.messaging.interceptors.BeanValidationInterceptor;
import org.axonframework.messaging.interceptors.JSR303ViolationException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ActorTest {

    private static final ActorId PENELOPE = ActorId.of(1);

    private AggregateTestFixture<Actor> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Actor.class);
        fixture.registerCommandDispatchInterceptor(new BeanValidationInterceptor<>());
    }

    @Nested
    class RegisterActor {

        @Test
        void registersAnActor() {
            fixture.givenNoPriorActivity()
                    .when(new RegisterActorCommand(PENELOPE, "PENELOPE", "GUINESS"))
                    .expectEvents(new ActorRegisteredEvent(PENELOPE, "PENELOPE", "GUINESS"));
        }

        @Test
        void refusesAnActorWithoutALastName() {
            assertThatThrownBy(() -> fixture.when(new RegisterActorCommand(PENELOPE, "PENELOPE", "")))
                    .isInstanceOf(JSR303ViolationException.class);
        }
    }

    @Nested
    class RenameActor {

        @Test
        void renamesAnActor() {
            fixture.given(new ActorRegisteredEvent(PENELOPE, "PENELOPE", "GUINESS"))
                    .when(new RenameActorCommand(PENELOPE, "PENNY", "GUINESS"))
                    .expectEvents(new ActorRenamedEvent(PENELOPE, "PENNY", "GUINESS"));
        }

        @Test
        void theSameNameAgainAppendsNothing() {
            fixture.given(new ActorRegisteredEvent(PENELOPE, "PENELOPE", "GUINESS"))
                    .when(new RenameActorCommand(PENELOPE, "PENELOPE", "GUINESS"))
                    .expectNoEvents();
        }
    }
}
