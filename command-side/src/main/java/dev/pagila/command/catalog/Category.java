package dev.pagila.command.catalog;

import dev.pagila.kernel.catalog.CategoryCreatedEvent;
import dev.pagila.kernel.catalog.CategoryId;
import dev.pagila.kernel.catalog.CategoryRenamedEvent;
import dev.pagila.kernel.catalog.CreateCategoryCommand;
import dev.pagila.kernel.catalog.RenameCategoryCommand;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

@Aggregate
public class Category {

    @AggregateIdentifier
    private CategoryId categoryId;
    private String name;

    protected Category() {
    }

    @CommandHandler
    public Category(CreateCategoryCommand command) {
        apply(new CategoryCreatedEvent(command.categoryId(), command.name()));
    }

    @CommandHandler
    public void handle(RenameCategoryCommand command) {
        if (command.name().equals(name)) {
            return;
        }
        apply(new CategoryRenamedEvent(categoryId, command.name()));
    }

    @EventSourcingHandler
    void on(CategoryCreatedEvent event) {
        categoryId = event.categoryId();
        name = event.name();
    }

    @EventSourcingHandler
    void on(CategoryRenamedEvent event) {
        name = event.name();
    }
}
