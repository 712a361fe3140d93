package dev.pagila.kernel.stores;

import dev.pagila.kernel.shared.Address;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record OpenStoreCommand(
        @TargetAggregateIdentifier @NotNull StoreId storeId,
        @NotNull StaffId managerStaffId,
        @NotNull @Valid Address address) {
}
