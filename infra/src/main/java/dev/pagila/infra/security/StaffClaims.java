package dev.pagila.infra.security;

/**
 * What a signed-in member of staff's token says about them, shared by the command side that issues it and
 * both apps that check it.
 */
public final class StaffClaims {

    public static final String STAFF_ID = "staff_id";
    public static final String STORE_ID = "store_id";
    public static final String ROLES = "roles";
    /** Tokens are for the platform's own APIs; a token minted for anything else is refused. */
    public static final String AUDIENCE = "pagila";

    /** Rents, returns, takes payments, registers and changes customers, reads customer data and reports. */
    public static final String STAFF = "STAFF";
    /** Everything STAFF may, plus the catalogue, pricing, inventory, stores and hiring. */
    public static final String MANAGER = "MANAGER";
    /** The operations API (processors, replay, rebuild, dead letters, cache) and the apps' metrics. */
    public static final String ADMIN = "ADMIN";

    private StaffClaims() {
    }
}
