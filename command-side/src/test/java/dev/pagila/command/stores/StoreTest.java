package dev.pagila.command.stores;

import dev.pagila.kernel.shared.Address;
import dev.pagila.kernel.stores.OpenStoreCommand;
import dev.pagila.kernel.stores.StaffId;
import dev.pagila.kernel.stores.StoreId;
import dev.pagila.kernel.stores.StoreOpenedEvent;
import org.axonframework.messaging.interceptors.BeanValidationInterceptor;
import org.axonframework.messaging.interceptors.JSR303ViolationException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StoreTest {

    private static final Address MYSAKILA_DRIVE = new Address("47 MySakila Drive", null, "Alberta", "Lethbridge", "Canada",
            null, null);

    private AggregateTestFixture<Store> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Store.class);
        fixture.registerCommandDispatchInterceptor(new BeanValidationInterceptor<>());
    }

    @Nested
    class OpenStore {

        @Test
        void opensAStoreWithItsManager() {
            fixture.givenNoPriorActivity()
                    .when(new OpenStoreCommand(StoreId.of(3), StaffId.of(1), MYSAKILA_DRIVE))
                    .expectEvents(new StoreOpenedEvent(StoreId.of(3), StaffId.of(1), MYSAKILA_DRIVE));
        }

        @Test
        void refusesAStoreWithoutACity() {
            Address noCity = new Address("47 MySakila Drive", null, "Alberta", "", "Canada", null, null);
            assertThatThrownBy(() -> fixture.when(new OpenStoreCommand(StoreId.of(3), StaffId.of(1), noCity)))
                    .isInstanceOf(JSR303ViolationException.class);
        }
    }
}
