package dev.pagila.kernel.money;

import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;

public class NotNegativeValidator implements ConstraintValidator<NotNegative, Money> {

    @Override
    public boolean isValid(Money value, ConstraintValidatorContext context) {
        return value == null || !value.isNegative();
    }
}
