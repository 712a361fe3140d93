package dev.pagila.command.identity;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A new password: 8 to 72 bytes in UTF-8 (bcrypt reads no more than 72 bytes, so a longer one would be cut without
 * a word) and not one of the common passwords shipped with the platform (OWASP ASVS 6.2.4: checked offline).
 */
@Target({ElementType.FIELD, ElementType.RECORD_COMPONENT, ElementType.PARAMETER})
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = CommonPasswords.Refusal.class)
public @interface AcceptablePassword {

    String message() default "must be 8 to 72 bytes and not a common password";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
