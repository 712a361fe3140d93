package dev.pagila.kernel.catalog;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record RegisterActorCommand(
        @TargetAggregateIdentifier @NotNull ActorId actorId,
        @NotBlank @Size(max = 45) String firstName,
        @NotBlank @Size(max = 45) String lastName) {
}
