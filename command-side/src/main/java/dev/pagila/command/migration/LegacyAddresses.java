package dev.pagila.command.migration;

import dev.pagila.kernel.shared.Address;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * What the follower reads of the legacy database itself: addresses, which Pagila keeps in their own table, so a
 * change of a store, a member of staff or a customer carries only the address's id, and who lives at one.
 */
final class LegacyAddresses {

    private final Connection legacy;

    LegacyAddresses(Connection legacy) {
        this.legacy = legacy;
    }

    /** The address as it is now, mapped as the import maps it ({@link LegacyMapping#address}). */
    Address address(int addressId) throws SQLException {
        try (PreparedStatement select = legacy.prepareStatement("SELECT " + LegacyMapping.ADDRESS_COLUMNS
                + " FROM address a " + LegacyMapping.ADDRESS_JOINS + " WHERE a.address_id = ?")) {
            select.setInt(1, addressId);
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    throw new IllegalStateException("address " + addressId + " is not in the legacy database");
                }
                return LegacyMapping.address(new ResultSetRow(row));
            }
        }
    }

    /** The customers who live at the address, in id order. */
    List<Integer> customersAt(int addressId) throws SQLException {
        List<Integer> customers = new ArrayList<>();
        try (PreparedStatement select = legacy.prepareStatement("SELECT customer_id FROM customer WHERE address_id = ? ORDER BY customer_id")) {
            select.setInt(1, addressId);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    customers.add(rows.getInt(1));
                }
            }
        }
        return customers;
    }
}
