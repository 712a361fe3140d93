package dev.pagila.command.identity;

import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsPasswordService;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.stereotype.Service;

/**
 * Spring Security's view of the accounts: its {@code DaoAuthenticationProvider} checks the password and then the
 * active flag, and hands a password whose hash is of an older kind (Pagila's unsalted SHA-1) back
 * here to be stored with the current one, the first time it is used. The lock is not part of it: whether an
 * attempt came while the account was locked is decided when the attempt is reserved ({@link SignIns}).
 */
@Service
public class AccountDetailsService implements UserDetailsService, UserDetailsPasswordService {

    private final Accounts accounts;

    public AccountDetailsService(Accounts accounts) {
        this.accounts = accounts;
    }

    @Override
    public UserDetails loadUserByUsername(String username) {
        Account account = accounts.byUsername(username)
                .filter(found -> found.passwordHash() != null)
                .orElseThrow(() -> new UsernameNotFoundException("no account can sign in with this name"));
        return User.withUsername(account.username())
                .password(account.passwordHash())
                .disabled(!account.canSignIn())
                .authorities(account.roles().stream().map(role -> new SimpleGrantedAuthority("ROLE_" + role)).toList())
                .build();
    }

    @Override
    public UserDetails updatePassword(UserDetails user, String newPasswordHash) {
        accounts.rehash(user.getUsername(), newPasswordHash);
        return User.withUserDetails(user).password(newPasswordHash).build();
    }
}
