package dev.pagila.command.identity;

import dev.pagila.infra.security.StaffClaims;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** One row of {@code identity.account}: a member of staff (or the operations account) who may sign in. */
public record Account(String username, String passwordHash, Integer staffId, Integer storeId, boolean manager,
                      boolean admin, boolean active, int failedAttempts, Instant lockedUntil) {

    public List<String> roles() {
        List<String> roles = new ArrayList<>();
        if (staffId != null) {
            roles.add(StaffClaims.STAFF);
        }
        if (manager) {
            roles.add(StaffClaims.MANAGER);
        }
        if (admin) {
            roles.add(StaffClaims.ADMIN);
        }
        return roles;
    }

    /** A hired member of staff has no password until a manager sets one; such an account cannot sign in. */
    public boolean canSignIn() {
        return active && passwordHash != null;
    }
}
