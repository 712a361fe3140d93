package dev.pagila.command.identity;

import dev.pagila.infra.security.StaffClaims;
import org.springframework.security.oauth2.jwt.Jwt;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** The rules of who sets whose password, most specific first; no rule, no change. */
public enum PasswordAuthority {

    /** Anyone changes their own password, by giving the current one. */
    OWN_PASSWORD,
    /** The operations account resets anyone's. */
    OPERATOR_RESET,
    /** A manager resets the password of staff of their own store who are not managers. */
    MANAGER_RESET;

    public static final String REFUSAL = "staff change their own password; a manager resets those of their store's staff"
            + " who are not managers; the operations account resets anyone's";

    public static Optional<PasswordAuthority> of(Jwt caller, Account target) {
        List<String> roles = Objects.requireNonNullElse(caller.getClaimAsStringList(StaffClaims.ROLES), List.of());
        Object staffId = caller.getClaim(StaffClaims.STAFF_ID);
        Object storeId = caller.getClaim(StaffClaims.STORE_ID);
        if (staffId instanceof Number own && target.staffId() != null && own.intValue() == target.staffId()) {
            return Optional.of(OWN_PASSWORD);
        }
        if (roles.contains(StaffClaims.ADMIN)) {
            return Optional.of(OPERATOR_RESET);
        }
        if (roles.contains(StaffClaims.MANAGER) && !target.manager() && storeId instanceof Number store
                && target.storeId() != null && store.intValue() == target.storeId()) {
            return Optional.of(MANAGER_RESET);
        }
        return Optional.empty();
    }
}
