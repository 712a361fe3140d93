package dev.pagila.command.identity;

import dev.pagila.command.shared.CommandLookups;
import dev.pagila.kernel.stores.StaffDeactivatedEvent;
import dev.pagila.kernel.stores.StaffHiredEvent;
import dev.pagila.kernel.stores.StoreOpenedEvent;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.stereotype.Component;

/**
 * Keeps the accounts in step with the staff the domain knows: a hire opens an account (with no password yet),
 * a member of staff who leaves can no longer sign in, opening a store makes its manager a manager. Runs in the command-lookups group, inside the transaction that
 * appends the event.
 */
@Component
@ProcessingGroup(CommandLookups.PROCESSING_GROUP)
public class AccountLookups {

    private final Accounts accounts;

    public AccountLookups(Accounts accounts) {
        this.accounts = accounts;
    }

    @EventHandler
    void on(StaffHiredEvent event) {
        accounts.hired(event.staffId().value(), event.username(), event.storeId().value(), event.active());
    }

    @EventHandler
    void on(StaffDeactivatedEvent event) {
        accounts.deactivated(event.staffId().value());
    }

    @EventHandler
    void on(StoreOpenedEvent event) {
        accounts.managesStore(event.managerStaffId().value());
    }
}
