package dev.pagila.command.identity;

import dev.pagila.command.shared.UnknownReferenceException;
import dev.pagila.infra.web.FieldError;
import dev.pagila.infra.web.Problems;
import dev.pagila.kernel.stores.StaffId;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/**
 * Passwords and lockouts: a member of staff changes their own password with the current one; a manager or the
 * operations account resets others' ({@link PasswordAuthority}), which also lifts a lockout; the operations account
 * lifts any account's lockout.
 */
@RestController
public class PasswordController {

    private final Accounts accounts;
    private final SignIns signIns;
    private final PasswordEncoder passwords;

    public PasswordController(Accounts accounts, SignIns signIns, PasswordEncoder passwords) {
        this.accounts = accounts;
        this.signIns = signIns;
        this.passwords = passwords;
    }

    /** {@code currentPassword} is needed, and checked like a sign-in (it counts towards the lockout), for one's own. */
    public record NewPassword(@NotBlank @AcceptablePassword String password, @Size(max = 128) String currentPassword) {

        @Override
        public String toString() {
            return "NewPassword[...]";
        }
    }

    @Operation(summary = "Sets a member of staff's password: one's own with the current one, or a reset by a manager"
            + " (their store's staff who are not managers) or the operations account")
    @PutMapping("/api/staff/{staffId}/password")
    public ResponseEntity<?> setPassword(@PathVariable @Positive int staffId, @Valid @RequestBody NewPassword body,
                                         @AuthenticationPrincipal Jwt signedIn) {
        Account account = accounts.byStaffId(staffId).orElseThrow(() -> UnknownReferenceException.forId(StaffId.of(staffId)));
        PasswordAuthority authority = PasswordAuthority.of(signedIn, account)
                .orElseThrow(() -> new AccessDeniedException(PasswordAuthority.REFUSAL));
        if (authority == PasswordAuthority.OWN_PASSWORD
                && (body.currentPassword() == null || signIns.signIn(account.username(), body.currentPassword()).isEmpty())) {
            return ResponseEntity.badRequest().body(Problems.invalid(List.of(new FieldError("currentPassword",
                    "must be your current password to change your own"))));
        }
        accounts.setPassword(account.username(), passwords.encode(body.password()));
        return ResponseEntity.noContent().build();
    }

    @Operation(summary = "Lifts an account's lockout (operations account only)")
    @DeleteMapping("/api/accounts/{username}/lock")
    public ResponseEntity<?> unlock(@PathVariable @NotBlank @Size(max = 64) String username) {
        return accounts.unlock(username) ? ResponseEntity.noContent().build()
                : ResponseEntity.status(HttpStatus.NOT_FOUND)
                        .body(Problems.of(HttpStatus.NOT_FOUND, Problems.NOT_FOUND, "Not found", "no account is named " + username));
    }
}
