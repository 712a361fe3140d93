package dev.pagila.command.identity;

import dev.pagila.command.shared.UnknownReferenceException;
import dev.pagila.kernel.stores.StaffId;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Sets a member of staff's password: their own, or anyone's by a manager (a reset, which also lifts a lockout). */
@RestController
public class PasswordController {

    private final Accounts accounts;
    private final PasswordEncoder passwords;

    public PasswordController(Accounts accounts, PasswordEncoder passwords) {
        this.accounts = accounts;
        this.passwords = passwords;
    }

    /** bcrypt reads at most 72 bytes; longer passwords would be silently cut. */
    public record NewPassword(@NotBlank @Size(min = 8, max = 72) String password) {

        @Override
        public String toString() {
            return "NewPassword[...]";
        }
    }

    @PutMapping("/api/staff/{staffId}/password")
    public ResponseEntity<Void> setPassword(@PathVariable @Positive int staffId, @Valid @RequestBody NewPassword body,
                                            @AuthenticationPrincipal Jwt signedIn) {
        SignedInStaff staff = SignedInStaff.of(signedIn);
        if (!staff.isManager() && staff.staffId().value() != staffId) {
            throw new AccessDeniedException("only a manager sets another member of staff's password");
        }
        Account account = accounts.byStaffId(staffId).orElseThrow(() -> UnknownReferenceException.forId(StaffId.of(staffId)));
        accounts.setPassword(account.username(), passwords.encode(body.password()));
        return ResponseEntity.noContent().build();
    }
}
