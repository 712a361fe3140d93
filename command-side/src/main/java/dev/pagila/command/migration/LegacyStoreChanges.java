package dev.pagila.command.migration;

import dev.pagila.kernel.stores.CopyRetiredEvent;
import dev.pagila.kernel.stores.InventoryId;
import dev.pagila.kernel.stores.StaffDeactivatedEvent;
import dev.pagila.kernel.stores.StaffHiredEvent;
import dev.pagila.kernel.stores.StaffId;

import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/**
 * Changes of {@code store}, {@code staff} and {@code inventory} as events: stores opened, staff hired and deactivated,
 * copies added and retired. A staff row's password and a member of staff's leaving go to the account, not here
 * ({@link FollowedAccounts}).
 */
final class LegacyStoreChanges {

    private final FollowedStreams streams;
    private final LegacyAddresses addresses;

    LegacyStoreChanges(FollowedStreams streams, LegacyAddresses addresses) {
        this.streams = streams;
        this.addresses = addresses;
    }

    void store(String op, LegacyRow after, List<LegacyEvent<?>> out) throws SQLException {
        if (op.equals("c")) {
            out.add(LegacyMapping.store(after, addresses.address(after.integer("address_id"))));
        }
    }

    /** Deactivation only: the domain has no reactivation, and staff details are not followed. */
    void staff(String op, LegacyRow after, List<LegacyEvent<?>> out) throws SQLException {
        if (after == null) {
            return;
        }
        if (op.equals("c")) {
            out.add(LegacyMapping.staff(after, addresses.address(after.integer("address_id"))));
            return;
        }
        StaffId id = StaffId.of(after.integer("staff_id"));
        boolean active = after.bool("active");
        boolean wasActive = true;
        for (Object event : streams.payloads(id.toString())) {
            if (event instanceof StaffHiredEvent hired) {
                wasActive = hired.active();
            } else if (event instanceof StaffDeactivatedEvent) {
                wasActive = false;
            }
        }
        if (wasActive && !active) {
            out.add(new LegacyEvent<>("Staff", id.toString(), after.instant("last_update"), new StaffDeactivatedEvent(id)));
        }
    }

    /** A deleted copy is retired when it was ever added; the deletion carries its key only, dated when committed. */
    void inventory(String op, LegacyRow before, LegacyRow after, Instant committedAt, List<LegacyEvent<?>> out)
            throws SQLException {
        if (op.equals("c")) {
            out.add(LegacyMapping.copy(after));
        } else if (op.equals("d")) {
            InventoryId id = InventoryId.of(before.integer("inventory_id"));
            streams.copyOf(id).ifPresent(copy -> out.add(new LegacyEvent<>("InventoryItem", id.toString(), committedAt,
                    new CopyRetiredEvent(id, copy.filmId(), copy.storeId()))));
        }
    }
}
