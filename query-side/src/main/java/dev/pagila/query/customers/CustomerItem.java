package dev.pagila.query.customers;

import dev.pagila.infra.dynamodb.FilmsTable;
import dev.pagila.kernel.shared.Address;
import dev.pagila.query.table.AddressAttributes;
import dev.pagila.query.table.FilmsKeys;
import dev.pagila.query.table.ItemKey;
import dev.pagila.query.table.ItemKind;

/** A customer ({@code CUSTOMER#c / #META}), listed by id through GSI2 ({@code CUSTOMERS}) once registered. */
public final class CustomerItem {

    public static final ItemKind<CustomerItem> KIND = ItemKind.of("CUSTOMER", CustomerItem.class, CustomerItem::new, schema -> schema
            .addAttribute(Integer.class, a -> a.name("customerId").getter(customer -> customer.customerId)
                    .setter((customer, v) -> customer.customerId = v))
            .addAttribute(Integer.class, a -> a.name("storeId").getter(customer -> customer.storeId)
                    .setter((customer, v) -> customer.storeId = v))
            .addAttribute(String.class, a -> a.name("firstName").getter(customer -> customer.firstName)
                    .setter((customer, v) -> customer.firstName = v))
            .addAttribute(String.class, a -> a.name("lastName").getter(customer -> customer.lastName)
                    .setter((customer, v) -> customer.lastName = v))
            .addAttribute(String.class, a -> a.name("email").getter(customer -> customer.email).setter((customer, v) -> customer.email = v))
            .flatten(AddressAttributes.SCHEMA, customer -> customer.address, (customer, address) -> customer.address = address)
            .addAttribute(Boolean.class, a -> a.name("active").getter(customer -> customer.active)
                    .setter((customer, v) -> customer.active = v))
            .addAttribute(String.class, ItemKind.derived(FilmsTable.GSI2_PK,
                    customer -> customer.registered() ? FilmsKeys.CUSTOMERS : null))
            .addAttribute(String.class, ItemKind.derived(FilmsTable.GSI2_SK,
                    customer -> customer.registered() ? FilmsKeys.byId(customer.customerId) : null)));

    private Integer customerId;
    private Integer storeId;
    private String firstName;
    private String lastName;
    private String email;
    private Address address;
    private Boolean active;

    public static ItemKey key(int customerId) {
        return new ItemKey(FilmsKeys.customer(customerId), FilmsKeys.META);
    }

    void describe(int id, int store, String first, String last, String mail, Address at) {
        customerId = id;
        storeId = store;
        firstName = first;
        lastName = last;
        email = mail;
        address = at;
    }

    void activate(boolean isActive) {
        active = isActive;
    }

    /** Whether the customer has been registered (a change of activity may come first and leave only that). */
    public boolean registered() {
        return customerId != null;
    }

    public Integer customerId() {
        return customerId;
    }

    public Integer storeId() {
        return storeId;
    }

    public String firstName() {
        return firstName;
    }

    public String lastName() {
        return lastName;
    }

    public String email() {
        return email;
    }

    public Address address() {
        return address;
    }

    public boolean active() {
        return Boolean.TRUE.equals(active);
    }
}
