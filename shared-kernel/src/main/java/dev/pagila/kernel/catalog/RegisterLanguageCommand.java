package dev.pagila.kernel.catalog;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record RegisterLanguageCommand(
        @TargetAggregateIdentifier @NotNull LanguageId languageId,
        @NotBlank @Size(max = 20) String name) {
}
