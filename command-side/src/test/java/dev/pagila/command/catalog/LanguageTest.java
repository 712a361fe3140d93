package dev.pagila.command.catalog;

import dev.pagila.kernel.catalog.LanguageId;
import dev.pagila.kernel.catalog.LanguageRegisteredEvent;
import dev.pagila.kernel.catalog.RegisterLanguageCommand;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class LanguageTest {

    private final AggregateTestFixture<Language> fixture = new AggregateTestFixture<>(Language.class);

    @Nested
    class RegisterLanguage {

        @Test
        void registersALanguage() {
            fixture.givenNoPriorActivity()
                    .when(new RegisterLanguageCommand(LanguageId.of(7), "Welsh"))
                    .expectEvents(new LanguageRegisteredEvent(LanguageId.of(7), "Welsh"));
        }
    }
}
