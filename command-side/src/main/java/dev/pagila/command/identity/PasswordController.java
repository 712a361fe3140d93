package dev.pagila.command.identity;

import dev.pagila.command.shared.UnknownReferenceException;
import dev.pagila.infra.audit.AuditLog;
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
import java.util.Optional;

/**
 * Passwords and lockouts: a member of staff changes their own password with the current one; a manager or the
 * operations account resets others' ({@link PasswordAuthority}), which also lifts a lockout; the operations account
 * lifts any account's lockout. Resets of others' passwords, granted or refused, and unlocks are recorded in the audit log
 * (never a password); changing one's own password is not an operator's action and is not.
 */
@RestController
public class PasswordController {

    public static final String PASSWORD_RESET = "password-reset";
    public static final String UNLOCK = "unlock";

    private final Accounts accounts;
    private final SignIns signIns;
    private final PasswordEncoder passwords;
    private final AuditLog audit;

    public PasswordController(Accounts accounts, SignIns signIns, PasswordEncoder passwords, AuditLog audit) {
        this.accounts = accounts;
        this.signIns = signIns;
        this.passwords = passwords;
        this.audit = audit;
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
        Optional<PasswordAuthority> allowed = PasswordAuthority.of(signedIn, account);
        String target = "staff/" + staffId;
        if (allowed.isEmpty()) { // one's own is always allowed: this was someone else's
            audit.record(signedIn.getSubject(), PASSWORD_RESET, target, AuditLog.REFUSED, PasswordAuthority.REFUSAL);
            throw new AccessDeniedException(PasswordAuthority.REFUSAL);
        }
        PasswordAuthority authority = allowed.get();
        if (authority == PasswordAuthority.OWN_PASSWORD) {
            if (body.currentPassword() == null || signIns.signIn(account.username(), body.currentPassword()).isEmpty()) {
                return ResponseEntity.badRequest().body(Problems.invalid(List.of(new FieldError("currentPassword",
                        "must be your current password to change your own"))));
            }
            accounts.setPassword(account.username(), passwords.encode(body.password()));
            return ResponseEntity.noContent().build();
        }
        audit.recording(signedIn.getSubject(), PASSWORD_RESET, target, () -> {
            accounts.setPassword(account.username(), passwords.encode(body.password()));
            return authority;
        }, by -> (by == PasswordAuthority.OPERATOR_RESET ? "by the operations account" : "by a manager of the store")
                + "; any lockout lifted");
        return ResponseEntity.noContent().build();
    }

    @Operation(summary = "Lifts an account's lockout (operations account only)")
    @DeleteMapping("/api/accounts/{username}/lock")
    public ResponseEntity<?> unlock(@PathVariable @NotBlank @Size(max = 64) String username,
                                    @AuthenticationPrincipal Jwt operator) {
        String noSuchAccount = "no account is named " + username;
        boolean unlocked = audit.recordingFound(operator.getSubject(), UNLOCK, username, () -> accounts.unlock(username),
                "lockout lifted", noSuchAccount);
        return unlocked ? ResponseEntity.noContent().build()
                : ResponseEntity.status(HttpStatus.NOT_FOUND)
                        .body(Problems.of(HttpStatus.NOT_FOUND, Problems.NOT_FOUND, "Not found", noSuchAccount));
    }
}
