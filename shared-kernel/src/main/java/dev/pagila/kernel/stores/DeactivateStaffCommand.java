package dev.pagila.kernel.stores;

import jakarta.validation.constraints.NotNull;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record DeactivateStaffCommand(@TargetAggregateIdentifier @NotNull StaffId staffId) {
}
