package dev.pagila.command.migration;

import dev.pagila.command.sales.LateFeePolicy;
import org.apache.kafka.connect.data.Struct;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns one committed change of the legacy database into the events the import would have written for it: the
 * same kinds, the legacy ids and timestamps, from the same mapping of a row ({@link LegacyMapping}). Here is which
 * tables are followed and which family of them answers for each: the catalogue ({@link LegacyCatalogChanges}),
 * customers ({@link LegacyCustomerChanges}), stores ({@link LegacyStoreChanges}) and sales
 * ({@link LegacySalesChanges}). What a change does not carry (a copy's film, the terms a film is rented on, a film's
 * details before an update) comes from the event store as it stands, which already holds every earlier change
 * ({@link FollowedStreams}); addresses, which Pagila keeps in their own table, come from the legacy database
 * ({@link LegacyAddresses}).
 * A change that alters nothing the platform records yields no event; a staff row's password never yields one: it
 * goes to the account, outside the event store, as does a member of staff's leaving ({@link FollowedAccounts}).
 */
final class LegacyChanges {

    private final LegacyCatalogChanges catalog;
    private final LegacyCustomerChanges customers;
    private final LegacyStoreChanges stores;
    private final LegacySalesChanges sales;

    /** @param streams what the changes read of the store, and remember of what was appended */
    LegacyChanges(FollowedStreams streams, Connection legacy, LateFeePolicy lateFees) {
        LegacyAddresses addresses = new LegacyAddresses(legacy);
        this.catalog = new LegacyCatalogChanges(streams);
        this.customers = new LegacyCustomerChanges(streams, addresses, lateFees);
        this.stores = new LegacyStoreChanges(streams, addresses);
        this.sales = new LegacySalesChanges(streams, lateFees);
    }

    /** @param table the legacy table; @param op Debezium's c, u or d */
    List<LegacyEvent<?>> eventsFor(String table, String op, Struct before, Struct after, Instant committedAt)
            throws SQLException {
        return eventsFor(table, op, StructRow.of(before), StructRow.of(after), committedAt);
    }

    private List<LegacyEvent<?>> eventsFor(String table, String op, LegacyRow before, LegacyRow after, Instant committedAt)
            throws SQLException {
        List<LegacyEvent<?>> out = new ArrayList<>();
        switch (table) {
            case "language" -> catalog.language(op, after, out);
            case "actor" -> catalog.actor(op, after, out);
            case "category" -> catalog.category(op, after, out);
            case "film" -> catalog.film(op, after, out);
            case "film_actor" -> catalog.cast(op, before, after, committedAt, out);
            case "film_category" -> catalog.categorization(op, before, after, committedAt, out);
            case "address" -> customers.address(op, after, out);
            case "store" -> stores.store(op, after, out);
            case "staff" -> stores.staff(op, after, out);
            case "customer" -> customers.customer(op, after, out);
            case "inventory" -> stores.inventory(op, before, after, committedAt, out);
            case "rental" -> sales.rental(op, after, out);
            case "payment" -> sales.payment(op, after, out);
            default -> {
                // a table the publication names for its rows' sake only
            }
        }
        return out;
    }
}
