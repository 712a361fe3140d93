package dev.pagila.query.inventory;

import dev.pagila.infra.dynamodb.FilmsTable;
import dev.pagila.kernel.shared.Address;
import dev.pagila.query.table.AddressAttributes;
import dev.pagila.query.table.FilmsKeys;
import dev.pagila.query.table.ItemKey;
import dev.pagila.query.table.ItemKind;

/** A staff member ({@code STAFF#s / #META}), listed by id through GSI2 ({@code STAFF}). */
public final class StaffItem {

    public static final ItemKind<StaffItem> KIND = ItemKind.of("STAFF", StaffItem.class, StaffItem::new, schema -> schema
            .addAttribute(Integer.class, a -> a.name("staffId").getter(staff -> staff.staffId).setter((staff, v) -> staff.staffId = v))
            .addAttribute(String.class, a -> a.name("firstName").getter(staff -> staff.firstName).setter((staff, v) -> staff.firstName = v))
            .addAttribute(String.class, a -> a.name("lastName").getter(staff -> staff.lastName).setter((staff, v) -> staff.lastName = v))
            .flatten(AddressAttributes.SCHEMA, staff -> staff.address, (staff, address) -> staff.address = address)
            .addAttribute(String.class, a -> a.name("email").getter(staff -> staff.email).setter((staff, v) -> staff.email = v))
            .addAttribute(Integer.class, a -> a.name("storeId").getter(staff -> staff.storeId).setter((staff, v) -> staff.storeId = v))
            .addAttribute(String.class, a -> a.name("username").getter(staff -> staff.username).setter((staff, v) -> staff.username = v))
            .addAttribute(Boolean.class, a -> a.name("active").getter(staff -> staff.active).setter((staff, v) -> staff.active = v))
            .addAttribute(String.class, ItemKind.derived(FilmsTable.GSI2_PK, staff -> FilmsKeys.STAFF))
            .addAttribute(String.class, ItemKind.derived(FilmsTable.GSI2_SK, staff -> FilmsKeys.byId(staff.staffId))));

    private Integer staffId;
    private String firstName;
    private String lastName;
    private Address address;
    private String email;
    private Integer storeId;
    private String username;
    private Boolean active;

    public static ItemKey key(int staffId) {
        return new ItemKey(FilmsKeys.staff(staffId), FilmsKeys.META);
    }

    void hire(int id, String first, String last, Address at, String mail, int store, String user, boolean isActive) {
        staffId = id;
        firstName = first;
        lastName = last;
        address = at;
        email = mail;
        storeId = store;
        username = user;
        active = isActive;
    }

    public Integer staffId() {
        return staffId;
    }

    public String fullName() {
        return firstName + " " + lastName;
    }

    public Address address() {
        return address;
    }

    public Integer storeId() {
        return storeId;
    }
}
