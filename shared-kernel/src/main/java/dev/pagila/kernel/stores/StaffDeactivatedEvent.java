package dev.pagila.kernel.stores;

import org.axonframework.serialization.Revision;

/** A member of staff who no longer works here: Pagila's {@code staff.active = false}. They can no longer sign in. */
@Revision("1")
public record StaffDeactivatedEvent(StaffId staffId) {
}
