package dev.pagila.command.shared;

/**
 * Every business rule a command can be refused by. The REST problem's {@code rule} is the code, so clients
 * can branch on it; the description says what the rule holds.
 */
public enum Rule {

    COPY_OUT("copy-out", "a copy with an open rental is neither rented again nor retired"),
    COPY_RETIRED("copy-retired", "a copy retired from the inventory is not rented or retired again"),
    CUSTOMER_INACTIVE("customer-inactive", "an inactive customer does not rent, and is not deactivated again"),
    CUSTOMER_ACTIVE("customer-active", "an active customer is not reactivated"),
    ALREADY_RETURNED("already-returned", "a rental comes back once"),
    RETURN_BEFORE_RENTAL("return-before-rental", "a return does not precede its rental"),
    NOT_IN_CAST("not-in-cast", "only an actor in a film's cast is removed from it"),
    NOT_IN_CATEGORY("not-in-category", "a film is uncategorized only from a category it is in"),
    STAFF_INACTIVE("staff-inactive", "a member of staff who has left is not deactivated again"),
    USERNAME_TAKEN("username-taken", "a username names one account"),
    CONCURRENT_CHANGE("concurrent-change", "another command changed the same copy, customer or film first");

    private final String code;
    private final String description;

    Rule(String code, String description) {
        this.code = code;
        this.description = description;
    }

    public String code() {
        return code;
    }

    public String description() {
        return description;
    }
}
