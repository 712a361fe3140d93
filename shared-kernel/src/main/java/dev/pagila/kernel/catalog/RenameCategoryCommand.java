package dev.pagila.kernel.catalog;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record RenameCategoryCommand(
        @TargetAggregateIdentifier @NotNull CategoryId categoryId,
        @NotBlank @Size(max = 25) String name) {
}
