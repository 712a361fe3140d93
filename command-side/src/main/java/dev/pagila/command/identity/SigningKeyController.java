package dev.pagila.command.identity;

import dev.pagila.infra.audit.AuditLog;
import dev.pagila.infra.web.Problems;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

/**
 * Rotating the token signing key, for the operations account: publish a next key, activate it once resource servers
 * have had time to fetch it, and the previous key retires by itself when its last token has expired. Both steps are
 * recorded in the audit log, refused ones with the reason.
 */
@RestController
public class SigningKeyController {

    public static final String PUBLISH = "signing-key-publish";
    public static final String ACTIVATE = "signing-key-activate";

    private final SigningKeys keys;
    private final AuditLog audit;

    public SigningKeyController(SigningKeys keys, AuditLog audit) {
        this.keys = keys;
        this.audit = audit;
    }

    /** A published key: {@code next} (published, not yet signing), {@code current} or {@code previous}. */
    public record KeyView(String keyId, String state, Instant createdAt, Instant activatedAt, Instant retireAfter) {

        static KeyView of(SigningKeys.StoredKey key) {
            return new KeyView(key.keyId(), key.state(), key.createdAt(), key.activatedAt(), key.retireAfter());
        }
    }

    @Operation(summary = "The published signing keys and where each is in its rotation")
    @GetMapping("/api/signing-keys")
    public List<KeyView> published() {
        return keys.published().stream().map(KeyView::of).toList();
    }

    @Operation(summary = "Publishes a next signing key (409 while one is waiting to be activated)")
    @PostMapping("/api/signing-keys")
    public ResponseEntity<?> addNext(@AuthenticationPrincipal Jwt operator) {
        return conflictIfRefused(() -> ResponseEntity.status(HttpStatus.CREATED).body(KeyView.of(audit.recording(
                operator.getSubject(), PUBLISH, null, keys::addNext, added -> "key " + added.keyId() + " published as next",
                SigningKeys.RotationRefused.class))));
    }

    @Operation(summary = "Signs with the next key from now on; the current one is published until its tokens expire")
    @PostMapping("/api/signing-keys/{keyId}/activation")
    public ResponseEntity<?> activate(@PathVariable @Size(max = 64) String keyId, @AuthenticationPrincipal Jwt operator) {
        return conflictIfRefused(() -> ResponseEntity.ok(KeyView.of(audit.recording(operator.getSubject(), ACTIVATE, keyId,
                () -> keys.activate(keyId), activated -> "signs from " + activated.activatedAt(), SigningKeys.RotationRefused.class))));
    }

    private static ResponseEntity<?> conflictIfRefused(Supplier<ResponseEntity<?>> step) {
        try {
            return step.get();
        } catch (SigningKeys.RotationRefused refused) {
            ProblemDetail problem = Problems.of(HttpStatus.CONFLICT, Problems.CONFLICT, "Rotation step refused", refused.getMessage());
            refused.activateFrom().ifPresent(from -> problem.setProperty("activateFrom", from.toString()));
            return ResponseEntity.status(HttpStatus.CONFLICT).body(problem);
        }
    }
}
