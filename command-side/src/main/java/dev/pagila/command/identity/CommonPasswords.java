package dev.pagila.command.identity;

import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/** The common passwords shipped in {@code identity/common-passwords.txt}, which no account may choose. */
public final class CommonPasswords {

    static final int MIN_BYTES = 8;
    static final int MAX_BYTES = 72;
    private static final String LIST = "/identity/common-passwords.txt";

    private CommonPasswords() {
    }

    /** Whether the password, in any case, is on the list. */
    public static boolean contains(String password) {
        return Loaded.PASSWORDS.contains(password.toLowerCase(Locale.ROOT));
    }

    /** Read once, on first use: a class holder keeps the list out of memory for apps that never set a password. */
    private static final class Loaded {
        static final Set<String> PASSWORDS = read();

        private static Set<String> read() {
            try (InputStream in = CommonPasswords.class.getResourceAsStream(LIST)) {
                if (in == null) {
                    throw new IllegalStateException(LIST + " is missing from the application");
                }
                Set<String> passwords = new HashSet<>();
                BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    if (!line.isEmpty() && !line.startsWith("#")) {
                        passwords.add(line);
                    }
                }
                return Set.copyOf(passwords);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Validates {@link AcceptablePassword}; a missing password is left to {@code @NotBlank}. */
    public static final class Refusal implements ConstraintValidator<AcceptablePassword, String> {

        @Override
        public boolean isValid(String password, ConstraintValidatorContext context) {
            if (password == null) {
                return true;
            }
            int bytes = password.getBytes(StandardCharsets.UTF_8).length;
            String problem = bytes < MIN_BYTES || bytes > MAX_BYTES
                    ? "must be " + MIN_BYTES + " to " + MAX_BYTES + " bytes (bcrypt reads no more than " + MAX_BYTES + ")"
                    : contains(password) ? "is one of the most common passwords; choose another" : null;
            if (problem == null) {
                return true;
            }
            context.disableDefaultConstraintViolation();
            context.buildConstraintViolationWithTemplate(problem).addConstraintViolation();
            return false;
        }
    }
}
