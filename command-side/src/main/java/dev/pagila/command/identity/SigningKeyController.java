package dev.pagila.command.identity;

import dev.pagila.infra.web.Problems;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

/**
 * Rotating the token signing key, for the operations account: publish a next key, activate it once resource servers
 * have had time to fetch it, and the previous key retires by itself when its last token has expired.
 */
@RestController
public class SigningKeyController {

    private final SigningKeys keys;

    public SigningKeyController(SigningKeys keys) {
        this.keys = keys;
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
    public ResponseEntity<?> addNext() {
        return conflictIfRefused(() -> ResponseEntity.status(HttpStatus.CREATED).body(KeyView.of(keys.addNext())));
    }

    @Operation(summary = "Signs with the next key from now on; the current one is published until its tokens expire")
    @PostMapping("/api/signing-keys/{keyId}/activation")
    public ResponseEntity<?> activate(@PathVariable @Size(max = 64) String keyId) {
        return conflictIfRefused(() -> ResponseEntity.ok(KeyView.of(keys.activate(keyId))));
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
