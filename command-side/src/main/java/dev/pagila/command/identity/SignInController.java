package dev.pagila.command.identity;

import dev.pagila.infra.web.Problems;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** Staff sign in with their Pagila username and password and get a signed token; the JWK set to check it. */
@RestController
public class SignInController {

    static final URI SIGN_IN_FAILED = URI.create("urn:pagila:problem:sign-in-failed");
    static final URI TOO_MANY_ATTEMPTS = URI.create("urn:pagila:problem:too-many-sign-in-attempts");

    private final SignIns signIns;
    private final TokenIssuer tokens;
    private final ClientThrottle throttle;
    private final SigningKeys keys;

    public SignInController(SignIns signIns, TokenIssuer tokens, ClientThrottle throttle, SigningKeys keys) {
        this.signIns = signIns;
        this.tokens = tokens;
        this.throttle = throttle;
        this.keys = keys;
    }

    public record SignIn(@NotBlank @Size(max = 64) String username, @NotBlank @Size(max = 128) String password) {

        @Override
        public String toString() { // a request body that reaches a log line never carries the password
            return "SignIn[username=" + username + "]";
        }
    }

    @Operation(summary = "Sign in with a staff username and password; answers a bearer token", security = {})
    @PostMapping("/api/auth/token")
    public ResponseEntity<?> signIn(@Valid @RequestBody SignIn request, HttpServletRequest http) {
        String client = http.getRemoteAddr();
        Optional<Duration> wait = throttle.reserve(client);
        if (wait.isPresent()) {
            long seconds = Math.max(1, wait.get().toSeconds());
            return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
                    .header(HttpHeaders.RETRY_AFTER, Long.toString(seconds))
                    .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .body(Problems.of(HttpStatus.TOO_MANY_REQUESTS, TOO_MANY_ATTEMPTS, "Too many sign-in attempts",
                            "too many failed sign-ins from this address; try again in " + seconds + " s"));
        }
        Optional<Account> account = signIns.signIn(request.username(), request.password());
        if (account.isEmpty()) {
            // one answer whatever the reason (no such account, wrong password, locked, inactive): nothing leaks
            ProblemDetail problem = Problems.of(HttpStatus.UNAUTHORIZED, SIGN_IN_FAILED, "Sign-in failed",
                    "the username and password do not match an account that may sign in now");
            return ResponseEntity.status(HttpStatus.UNAUTHORIZED).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
        }
        throttle.succeeded(client);
        return ResponseEntity.ok().header(HttpHeaders.CACHE_CONTROL, "no-store").body(tokens.issue(account.get()));
    }

    @Operation(summary = "The public keys that tokens are signed with (RFC 7517), for resource servers", security = {})
    @GetMapping(path = "/oauth2/jwks", produces = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, Object> jwks() {
        return keys.publicJwkSet().toJSONObject();
    }
}
