package dev.pagila.query.inventory;

import dev.pagila.infra.dynamodb.FilmsTable;
import dev.pagila.kernel.shared.Address;
import dev.pagila.query.catalog.CopyItem;
import dev.pagila.query.table.FilmsKeys;
import dev.pagila.query.table.ItemBatch;
import dev.pagila.query.table.ItemKind;
import dev.pagila.query.table.ReadModelTable;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Optional;

/**
 * Stores, staff and copies in the Films table. A copy ({@link CopyItem}) lives in its film's partition so one Query
 * answers a film with its stock. Every write comes from the copy's own stream, in stream order, so each is
 * conditional on the event position.
 */
@Component
public class InventoryTable {

    /** Every kind this projection writes, which a replay from the start clears. */
    static final List<ItemKind<?>> KINDS = List.of(CopyItem.KIND, StoreItem.KIND, StaffItem.KIND);

    private final ReadModelTable table;

    public InventoryTable(ReadModelTable table) {
        this.table = table;
    }

    /** The table this projection writes. */
    public ReadModelTable table() {
        return table;
    }

    public boolean addCopy(ItemBatch items, int copyId, int filmId, int storeId, long position) {
        return items.update(CopyItem.KIND, CopyItem.key(filmId, copyId), position, copy -> copy.add(copyId, filmId, storeId));
    }

    public boolean retireCopy(ItemBatch items, int copyId, int filmId, long position) {
        return items.update(CopyItem.KIND, CopyItem.key(filmId, copyId), position, CopyItem::retire);
    }

    public boolean rentOut(ItemBatch items, int copyId, int filmId, int rentalId, int customerId, long position) {
        return items.update(CopyItem.KIND, CopyItem.key(filmId, copyId), position, copy -> copy.rentOut(rentalId, customerId));
    }

    public boolean takeBack(ItemBatch items, int copyId, int filmId, int rentalId, long position) {
        return items.update(CopyItem.KIND, CopyItem.key(filmId, copyId), position, copy -> copy.takeBack(rentalId));
    }

    public boolean writeStore(ItemBatch items, int storeId, int managerStaffId, Address address, long position) {
        return items.update(StoreItem.KIND, StoreItem.key(storeId), position, store -> store.open(storeId, managerStaffId, address));
    }

    public boolean writeStaff(ItemBatch items, int staffId, String firstName, String lastName, Address address, String email,
                              int storeId, String username, boolean active, long position) {
        return items.update(StaffItem.KIND, StaffItem.key(staffId), position,
                staff -> staff.hire(staffId, firstName, lastName, address, email, storeId, username, active));
    }

    /** Deletes every item this projection writes. */
    public long clear() {
        return table.deleteItemsOf(KINDS);
    }

    /** The copy found through GSI2, with the film it belongs to. */
    public Optional<CopyItem> copy(int copyId) {
        return table.indexPartition(CopyItem.KIND, FilmsTable.GSI2, FilmsKeys.copy(copyId)).stream().findFirst();
    }

    public Optional<StoreItem> store(int storeId) {
        return table.get(StoreItem.KIND, StoreItem.key(storeId));
    }

    public List<StoreItem> stores() {
        return table.indexPartition(StoreItem.KIND, FilmsTable.GSI2, FilmsKeys.STORES);
    }

    public List<StaffItem> staff() {
        return table.indexPartition(StaffItem.KIND, FilmsTable.GSI2, FilmsKeys.STAFF);
    }
}
