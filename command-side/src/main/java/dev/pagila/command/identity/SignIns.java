package dev.pagila.command.identity;

import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.AuthenticationException;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.util.Optional;

/**
 * Checks a username and password against the accounts, in an order that gives an attacker nothing: the attempt
 * is reserved (and counted) before the password is checked, so parallel guesses cannot slip past the lockout;
 * every refusal costs one bcrypt whatever its reason (Spring Security hashes a dummy for an unknown name, the
 * legacy SHA-1 reader adds one, and the lock and the active flag are looked at only after the password).
 */
@Service
public class SignIns {

    private final AuthenticationManager authentication;
    private final Accounts accounts;
    private final SecurityProperties.Lockout lockout;
    private final Clock clock;

    public SignIns(AuthenticationManager authentication, Accounts accounts, SecurityProperties properties, Clock clock) {
        this.authentication = authentication;
        this.accounts = accounts;
        this.lockout = properties.lockout();
        this.clock = clock;
    }

    /** The account as it stands after signing in, or empty whatever the reason for refusing. */
    public Optional<Account> signIn(String username, String password) {
        boolean lockedAlready = accounts.reserveAttempt(username, clock.instant(), lockout.maxFailures(), lockout.lockFor())
                .orElse(false);
        if (!passwordMatches(username, password) || lockedAlready) {
            return Optional.empty();
        }
        return Optional.of(accounts.signedIn(username));
    }

    private boolean passwordMatches(String username, String password) {
        try {
            authentication.authenticate(UsernamePasswordAuthenticationToken.unauthenticated(username, password));
            return true;
        } catch (AuthenticationException refused) {
            return false;
        }
    }
}
