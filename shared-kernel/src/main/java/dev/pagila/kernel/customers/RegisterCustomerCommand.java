package dev.pagila.kernel.customers;

import dev.pagila.kernel.shared.Address;
import dev.pagila.kernel.stores.StoreId;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record RegisterCustomerCommand(
        @TargetAggregateIdentifier @NotNull CustomerId customerId,
        @NotNull StoreId storeId,
        @NotBlank @Size(max = 45) String firstName,
        @NotBlank @Size(max = 45) String lastName,
        @Email @Size(max = 50) String email,
        @NotNull @Valid Address address) {
}
