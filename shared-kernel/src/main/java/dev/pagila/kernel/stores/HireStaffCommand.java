package dev.pagila.kernel.stores;

import dev.pagila.kernel.shared.Address;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record HireStaffCommand(
        @TargetAggregateIdentifier @NotNull StaffId staffId,
        @NotBlank @Size(max = 45) String firstName,
        @NotBlank @Size(max = 45) String lastName,
        @NotNull @Valid Address address,
        @Email @Size(max = 50) String email,
        @NotNull StoreId storeId,
        @NotBlank @Size(max = 16) String username) {
}
