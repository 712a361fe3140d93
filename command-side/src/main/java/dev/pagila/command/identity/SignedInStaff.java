package dev.pagila.command.identity;

import dev.pagila.infra.security.StaffClaims;
import dev.pagila.kernel.stores.StaffId;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.oauth2.jwt.Jwt;

import java.util.List;

/** Who the bearer of a token is: the clerk a rental, return or payment is recorded against. */
public record SignedInStaff(StaffId staffId, List<String> roles) {

    /** @throws AccessDeniedException for a token that names no member of staff (the operations account) */
    public static SignedInStaff of(Jwt token) {
        Object staffId = token.getClaim(StaffClaims.STAFF_ID);
        if (!(staffId instanceof Number number)) {
            throw new AccessDeniedException("only a member of staff may do this");
        }
        List<String> roles = token.getClaimAsStringList(StaffClaims.ROLES);
        return new SignedInStaff(StaffId.of(number.intValue()), roles == null ? List.of() : roles);
    }

    public boolean isManager() {
        return roles.contains(StaffClaims.MANAGER);
    }
}
