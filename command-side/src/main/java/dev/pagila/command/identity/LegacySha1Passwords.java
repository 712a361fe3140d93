package dev.pagila.command.identity;

import org.springframework.security.crypto.password.MessageDigestPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

import java.util.UUID;

/**
 * Reads Pagila's unsalted SHA-1 hashes, and only reads them: a password that matches is stored again with bcrypt.
 * Each check also pays for one bcrypt, so that a wrong password for a legacy account takes as long as any other
 * refusal and timing cannot tell which accounts still have a legacy hash.
 */
public final class LegacySha1Passwords implements PasswordEncoder {

    @SuppressWarnings("deprecation") // deprecated as a way to store passwords; here it only reads them
    private final PasswordEncoder sha1 = new MessageDigestPasswordEncoder("SHA-1");
    private final PasswordEncoder bcrypt;
    private final String decoy;

    private LegacySha1Passwords(PasswordEncoder bcrypt) {
        this.bcrypt = bcrypt;
        this.decoy = bcrypt.encode(UUID.randomUUID().toString());
    }

    /** A reader of legacy hashes whose every check also costs one check of {@code bcrypt}. */
    public static LegacySha1Passwords reading(PasswordEncoder bcrypt) {
        return new LegacySha1Passwords(bcrypt);
    }

    @Override
    public boolean matches(CharSequence password, String sha1Hash) {
        bcrypt.matches(password, decoy);
        return sha1.matches(password, sha1Hash);
    }

    @Override
    public String encode(CharSequence password) {
        throw new UnsupportedOperationException("legacy SHA-1 hashes are read, never written");
    }
}
