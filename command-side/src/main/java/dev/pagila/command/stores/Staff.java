package dev.pagila.command.stores;

import dev.pagila.command.shared.References;
import dev.pagila.command.shared.Rule;
import dev.pagila.command.shared.RuleViolationException;
import dev.pagila.kernel.stores.DeactivateStaffCommand;
import dev.pagila.kernel.stores.StaffDeactivatedEvent;
import dev.pagila.kernel.stores.HireStaffCommand;
import dev.pagila.kernel.stores.StaffHiredEvent;
import dev.pagila.kernel.stores.StaffId;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

@Aggregate
public class Staff {

    @AggregateIdentifier
    private StaffId staffId;
    private boolean active;

    protected Staff() {
    }

    @CommandHandler
    public Staff(HireStaffCommand command, References references) {
        references.requireStore(command.storeId());
        apply(new StaffHiredEvent(command.staffId(), command.firstName(), command.lastName(), command.address(),
                command.email(), command.storeId(), command.username(), true));
    }

    @CommandHandler
    void handle(DeactivateStaffCommand command) {
        if (!active) {
            throw new RuleViolationException(Rule.STAFF_INACTIVE, "staff " + staffId.value() + " is already inactive");
        }
        apply(new StaffDeactivatedEvent(staffId));
    }

    @EventSourcingHandler
    void on(StaffHiredEvent event) {
        staffId = event.staffId();
        active = event.active();
    }

    @EventSourcingHandler
    void on(StaffDeactivatedEvent event) {
        active = false;
    }
}
