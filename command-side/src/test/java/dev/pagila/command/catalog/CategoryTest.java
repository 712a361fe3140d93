package dev.pagila.command.catalog;

import dev.pagila.kernel.catalog.CategoryCreatedEvent;
import dev.pagila.kernel.catalog.CategoryId;
import dev.pagila.kernel.catalog.CategoryRenamedEvent;
import dev.pagila.kernel.catalog.CreateCategoryCommand;
import dev.pagila.kernel.catalog.RenameCategoryCommand;
import org.axonframework.messaging.interceptors.BeanValidationInterceptor;
import org.axonframework.messaging.interceptors.JSR303ViolationException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CategoryTest {

    private static final CategoryId DOCUMENTARY = CategoryId.of(6);

    private AggregateTestFixture<Category> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Category.class);
        fixture.registerCommandDispatchInterceptor(new BeanValidationInterceptor<>());
    }

    @Nested
    class CreateCategory {

        @Test
        void createsACategory() {
            fixture.givenNoPriorActivity()
                    .when(new CreateCategoryCommand(DOCUMENTARY, "Documentary"))
                    .expectEvents(new CategoryCreatedEvent(DOCUMENTARY, "Documentary"));
        }

        @Test
        void refusesANameLongerThanPagilasColumn() {
            assertThatThrownBy(() -> fixture.when(new CreateCategoryCommand(DOCUMENTARY, "D".repeat(26))))
                    .isInstanceOf(JSR303ViolationException.class);
        }
    }

    @Nested
    class RenameCategory {

        @Test
        void renamesACategory() {
            fixture.given(new CategoryCreatedEvent(DOCUMENTARY, "Documentary"))
                    .when(new RenameCategoryCommand(DOCUMENTARY, "Documentaries"))
                    .expectEvents(new CategoryRenamedEvent(DOCUMENTARY, "Documentaries"));
        }
    }
}
