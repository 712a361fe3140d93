package dev.pagila.kernel.customers;

import jakarta.validation.constraints.NotNull;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record DeactivateCustomerCommand(
        @TargetAggregateIdentifier @NotNull CustomerId customerId) {
}
