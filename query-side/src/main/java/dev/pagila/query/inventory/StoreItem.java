package dev.pagila.query.inventory;

import dev.pagila.infra.dynamodb.FilmsTable;
import dev.pagila.kernel.shared.Address;
import dev.pagila.query.table.AddressAttributes;
import dev.pagila.query.table.FilmsKeys;
import dev.pagila.query.table.ItemKey;
import dev.pagila.query.table.ItemKind;

/** A store ({@code STORE#s / #META}) with its manager and address, listed by id through GSI2 ({@code STORES}). */
public final class StoreItem {

    public static final ItemKind<StoreItem> KIND = ItemKind.of("STORE", StoreItem.class, StoreItem::new, schema -> schema
            .addAttribute(Integer.class, a -> a.name("storeId").getter(store -> store.storeId).setter((store, v) -> store.storeId = v))
            .addAttribute(Integer.class, a -> a.name("managerStaffId").getter(store -> store.managerStaffId)
                    .setter((store, v) -> store.managerStaffId = v))
            .flatten(AddressAttributes.SCHEMA, store -> store.address, (store, address) -> store.address = address)
            .addAttribute(String.class, ItemKind.derived(FilmsTable.GSI2_PK, store -> FilmsKeys.STORES))
            .addAttribute(String.class, ItemKind.derived(FilmsTable.GSI2_SK, store -> FilmsKeys.byId(store.storeId))));

    private Integer storeId;
    private Integer managerStaffId;
    private Address address;

    public static ItemKey key(int storeId) {
        return new ItemKey(FilmsKeys.store(storeId), FilmsKeys.META);
    }

    void open(int id, int manager, Address at) {
        storeId = id;
        managerStaffId = manager;
        address = at;
    }

    public Integer storeId() {
        return storeId;
    }

    public Integer managerStaffId() {
        return managerStaffId;
    }

    public Address address() {
        return address;
    }
}
