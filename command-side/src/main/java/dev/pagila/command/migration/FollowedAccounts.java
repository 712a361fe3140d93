package dev.pagila.command.migration;

import dev.pagila.command.identity.Accounts;
import dev.pagila.kernel.stores.StoreOpenedEvent;
import org.apache.kafka.connect.data.Struct;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Optional;

/**
 * What {@code AccountLookups} does for staff and stores on the normal command path, for a followed change. The
 * accounts are not in the event store, and followed events never reach {@code AccountLookups}: the follower appends
 * them to the storage engine directly, past the event bus its handlers listen on. So the account row is written here,
 * in the batch's transaction, and commits or rolls back with the batch's events; every write sets a value (never
 * toggles one), so a change delivered again after a crash leaves the account as it was.
 * <ul>
 * <li>A staff row's password becomes the account's hash (unless a password was set on the platform), so staff sign in
 * on the platform with the password the monolith holds. Credentials are not domain facts and stay out of the event
 * store: no event carries a password. The same hash is never written twice, so a redelivered change (or one that left
 * the password as it was) changes nothing. Without the row as it was (replica identity), a change of other columns
 * cannot be told from a new password once a sign-in here replaced the SHA-1 with bcrypt: that account gets the
 * monolith's hash back, and the same password signs in either way.</li>
 * <li>A member of staff the monolith sets inactive (or deletes) can no longer sign in. Taken from the row, not
 * from {@code StaffDeactivatedEvent}: that event is yielded only when the stream still says active, and the
 * account must follow the monolith whatever the stream says. Set active again in the monolith, the account stays
 * inactive: the domain has no reactivation (deactivation is final, no event records the contrary), and an account
 * active again beside a stream that says inactive could not be deactivated on the platform after cut-over (the
 * command is refused as already done).</li>
 * <li>A store opened in the monolith (the one store change that yields an event, {@code StoreOpenedEvent}) makes
 * its manager a manager. A changed {@code store.manager_staff_id} yields no event (the domain has none for a
 * change of manager, and never takes the flag away): neither manager's flag changes here; the parity check compares
 * each store's manager ({@code sales_by_store}) and so refuses such a change at cut-over.</li>
 * </ul>
 * Staff hired in the monolith meanwhile have no account until cut-over brings theirs over, as the monolith then
 * holds it; these writes find no row for them.
 */
@Component
final class FollowedAccounts {

    private final Accounts accounts;

    FollowedAccounts(Accounts accounts) {
        this.accounts = accounts;
    }

    /** For one followed change of {@code table}, with the events it yields. */
    void keepInStep(String table, Struct before, Struct after, List<LegacyEvent<?>> followed) {
        staffPassword(table, after)
                .ifPresent(password -> accounts.legacyPasswordChanged(password.staffId(), password.sha1Hex()));
        staffNoLongerActive(table, before, after).ifPresent(accounts::deactivated);
        for (LegacyEvent<?> event : followed) {
            if (event.payload() instanceof StoreOpenedEvent opened) {
                accounts.managesStore(opened.managerStaffId().value());
            }
        }
    }

    /** A member of staff's password as a change of their row leaves it in the monolith: Pagila's hex SHA-1, or null. */
    private record StaffPassword(int staffId, String sha1Hex) {

        @Override
        public String toString() {
            return "StaffPassword[staffId=" + staffId + "]"; // a hash in a log line is one step from the password
        }
    }

    /** The password an inserted or updated staff row carries; empty for other tables and for deletions. */
    private static Optional<StaffPassword> staffPassword(String table, Struct after) {
        if (!table.equals("staff") || after == null || after.schema().field("password") == null) {
            return Optional.empty();
        }
        return Optional.of(new StaffPassword(StructRow.of(after).integer("staff_id"), after.getString("password")));
    }

    /**
     * The member of staff a change of their row leaves unable to work in the monolith: set inactive (whatever the
     * stream already says, so also when the change yields no event) or deleted; empty for other tables and for a row
     * left active. A deletion carries the row's key only (replica identity), which is all this needs.
     */
    private static Optional<Integer> staffNoLongerActive(String table, Struct before, Struct after) {
        if (!table.equals("staff")) {
            return Optional.empty();
        }
        if (after == null) {
            return before == null ? Optional.empty() : Optional.of(StructRow.of(before).integer("staff_id"));
        }
        return Boolean.FALSE.equals(after.getBoolean("active")) ? Optional.of(StructRow.of(after).integer("staff_id"))
                : Optional.empty();
    }
}
