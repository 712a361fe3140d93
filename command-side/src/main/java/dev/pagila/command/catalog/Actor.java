package dev.pagila.command.catalog;

import dev.pagila.kernel.catalog.ActorId;
import dev.pagila.kernel.catalog.ActorRegisteredEvent;
import dev.pagila.kernel.catalog.ActorRenamedEvent;
import dev.pagila.kernel.catalog.RegisterActorCommand;
import dev.pagila.kernel.catalog.RenameActorCommand;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

@Aggregate
public class Actor {

    @AggregateIdentifier
    private ActorId actorId;
    private String firstName;
    private String lastName;

    protected Actor() {
    }

    @CommandHandler
    public Actor(RegisterActorCommand command) {
        apply(new ActorRegisteredEvent(command.actorId(), command.firstName(), command.lastName()));
    }

    @CommandHandler
    public void handle(RenameActorCommand command) {
        if (command.firstName().equals(firstName) && command.lastName().equals(lastName)) {
            return;
        }
        apply(new ActorRenamedEvent(actorId, command.firstName(), command.lastName()));
    }

    @EventSourcingHandler
    void on(ActorRegisteredEvent event) {
        actorId = event.actorId();
        firstName = event.firstName();
        lastName = event.lastName();
    }

    @EventSourcingHandler
    void on(ActorRenamedEvent event) {
        firstName = event.firstName();
        lastName = event.lastName();
    }
}
