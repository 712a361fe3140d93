package dev.pagila.query.inventory;

import dev.pagila.infra.dynamodb.FilmsKeys;
import dev.pagila.infra.dynamodb.FilmsTable;
import dev.pagila.kernel.shared.Address;
import dev.pagila.query.table.ItemBatch;
import dev.pagila.query.table.ItemKey;
import dev.pagila.query.table.ItemState;
import dev.pagila.query.table.Items;
import dev.pagila.query.table.ReadModelTable;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static dev.pagila.query.catalog.CatalogTable.COPY;
import static dev.pagila.query.catalog.CatalogTable.OPEN_RENTALS;
import static dev.pagila.query.table.Items.intOf;
import static dev.pagila.query.table.Items.n;
import static dev.pagila.query.table.Items.s;

/**
 * Stores, staff and copies in the Films table. A copy lives in its film's partition ({@code FILM#f},
 * {@code COPY#c}) so one Query answers a film with its stock; GSI2 ({@code COPY#c}) finds it by copy id. A copy
 * keeps its open rentals (rental id → customer id): Pagila's history rented some copies again without a return,
 * and a copy is in stock only when none is open. Every write comes from the copy's own stream, in stream order,
 * so each is conditional on the event position.
 */
@Component
public class InventoryTable {


    private final ReadModelTable table;

    public InventoryTable(ReadModelTable table) {
        this.table = table;
    }

    /** The table this projection writes. */
    public ReadModelTable table() {
        return table;
    }

    public static ItemKey copyKey(int filmId, int copyId) {
        return new ItemKey(FilmsKeys.film(filmId), FilmsKeys.copy(copyId));
    }

    public static ItemKey storeKey(int storeId) {
        return new ItemKey(FilmsKeys.store(storeId), FilmsKeys.META);
    }

    public static ItemKey staffKey(int staffId) {
        return new ItemKey(FilmsKeys.staff(staffId), FilmsKeys.META);
    }

    public boolean addCopy(ItemBatch items, int copyId, int filmId, int storeId, long position) {
        return items.update(copyKey(filmId, copyId), position, copy -> copy
                .set("type", s(COPY))
                .set("copyId", n(copyId))
                .set("filmId", n(filmId))
                .set("storeId", n(storeId))
                .set("retired", Items.bool(false))
                .setIfAbsent(OPEN_RENTALS, AttributeValue.fromM(Map.of()))
                .set(FilmsTable.GSI2_PK, s(FilmsKeys.copy(copyId)))
                .set(FilmsTable.GSI2_SK, s(FilmsKeys.film(filmId))));
    }

    public boolean retireCopy(ItemBatch items, int copyId, int filmId, long position) {
        return items.update(copyKey(filmId, copyId), position, copy -> copy.set("retired", Items.bool(true)));
    }

    public boolean rentOut(ItemBatch items, int copyId, int filmId, int rentalId, int customerId, long position) {
        return items.update(copyKey(filmId, copyId), position, copy -> copy
                .setEntry(OPEN_RENTALS, String.valueOf(rentalId), n(customerId)));
    }

    public boolean takeBack(ItemBatch items, int copyId, int filmId, int rentalId, long position) {
        return items.update(copyKey(filmId, copyId), position, copy -> copy.removeEntry(OPEN_RENTALS, String.valueOf(rentalId)));
    }

    public boolean writeStore(ItemBatch items, int storeId, int managerStaffId, Address address, long position) {
        return items.update(storeKey(storeId), position, store -> addressOf(address, store
                .set("type", s("STORE"))
                .set("storeId", n(storeId))
                .set("managerStaffId", n(managerStaffId))
                .set(FilmsTable.GSI2_PK, s(FilmsKeys.STORES))
                .set(FilmsTable.GSI2_SK, s(FilmsKeys.byId(storeId)))));
    }

    public boolean writeStaff(ItemBatch items, int staffId, String firstName, String lastName, Address address, String email,
                              int storeId, String username, boolean active, long position) {
        return items.update(staffKey(staffId), position, staff -> addressOf(address, staff
                .set("type", s("STAFF"))
                .set("staffId", n(staffId))
                .set("firstName", s(firstName))
                .set("lastName", s(lastName))
                .setOrRemove("email", s(email))
                .set("storeId", n(storeId))
                .set("username", s(username))
                .set("active", Items.bool(active))
                .set(FilmsTable.GSI2_PK, s(FilmsKeys.STAFF))
                .set(FilmsTable.GSI2_SK, s(FilmsKeys.byId(staffId)))));
    }

    /** Deletes every item this projection writes. */
    public long clear() {
        return table.deleteItemsOfTypes(Set.of(COPY, "STORE", "STAFF"));
    }

    /** Address fields as Pagila's views show them; shared by stores, staff and customers. */
    public static ItemState addressOf(Address address, ItemState item) {
        return item
                .set("address", s(address.address()))
                .setOrRemove("address2", s(address.address2()))
                .setOrRemove("district", s(address.district()))
                .set("city", s(address.city()))
                .set("country", s(address.country()))
                .setOrRemove("postalCode", s(address.postalCode()))
                .setOrRemove("phone", s(address.phone()));
    }

    /** The copy item found through GSI2, with the film it belongs to. */
    public Optional<Map<String, AttributeValue>> copyItem(int copyId) {
        return table.indexPartition(FilmsTable.GSI2, FilmsKeys.copy(copyId)).stream().findFirst();
    }

    public Optional<Map<String, AttributeValue>> store(int storeId) {
        return table.get(FilmsKeys.store(storeId), FilmsKeys.META);
    }

    public List<Map<String, AttributeValue>> stores() {
        return table.indexPartition(FilmsTable.GSI2, FilmsKeys.STORES);
    }

    public List<Map<String, AttributeValue>> staff() {
        return table.indexPartition(FilmsTable.GSI2, FilmsKeys.STAFF);
    }
}
