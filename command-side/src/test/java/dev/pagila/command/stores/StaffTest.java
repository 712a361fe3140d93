package dev.pagila.command.stores;

import dev.pagila.command.shared.References;
import dev.pagila.command.shared.Rule;
import dev.pagila.command.shared.UnknownReferenceException;
import dev.pagila.kernel.shared.Address;
import dev.pagila.kernel.stores.DeactivateStaffCommand;
import dev.pagila.kernel.stores.HireStaffCommand;
import dev.pagila.kernel.stores.StaffDeactivatedEvent;
import dev.pagila.kernel.stores.StaffHiredEvent;
import dev.pagila.kernel.stores.StaffId;
import dev.pagila.kernel.stores.StoreId;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import static dev.pagila.command.support.Refusals.refusedBy;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;

class StaffTest {

    private static final Address ADDRESS = new Address("23 Workhaven Lane", null, "Alberta", "Lethbridge", "Canada", null, null);
    private static final HireStaffCommand HIRE_MIKE = new HireStaffCommand(StaffId.of(3), "Mike", "Hillyer", ADDRESS,
            "Mike.Hillyer@sakilastaff.com", StoreId.of(1), "Mike");

    private AggregateTestFixture<Staff> fixture;
    private References references;

    @BeforeEach
    void setUp() {
        references = mock(References.class);
        fixture = new AggregateTestFixture<>(Staff.class);
        fixture.registerInjectableResource(references);
    }

    @Nested
    class HireStaff {

        @Test
        void hiresActiveStaffIntoAKnownStore() {
            fixture.givenNoPriorActivity()
                    .when(HIRE_MIKE)
                    .expectEvents(new StaffHiredEvent(StaffId.of(3), "Mike", "Hillyer", ADDRESS,
                            "Mike.Hillyer@sakilastaff.com", StoreId.of(1), "Mike", true));
        }

        @Test
        void refusesToHireIntoAnUnknownStore() {
            doThrow(UnknownReferenceException.forId(StoreId.of(1))).when(references).requireStore(StoreId.of(1));
            fixture.givenNoPriorActivity()
                    .when(HIRE_MIKE)
                    .expectException(UnknownReferenceException.class)
                    .expectNoEvents();
        }
    }

    @Nested
    class DeactivateStaff {

        private final StaffHiredEvent mikeHired = new StaffHiredEvent(StaffId.of(3), "Mike", "Hillyer", ADDRESS,
                "Mike.Hillyer@sakilastaff.com", StoreId.of(1), "Mike", true);

        @Test
        void deactivatesActiveStaff() {
            fixture.given(mikeHired)
                    .when(new DeactivateStaffCommand(StaffId.of(3)))
                    .expectEvents(new StaffDeactivatedEvent(StaffId.of(3)));
        }

        @Test
        void refusesToDeactivateStaffTwice() {
            fixture.given(mikeHired, new StaffDeactivatedEvent(StaffId.of(3)))
                    .when(new DeactivateStaffCommand(StaffId.of(3)))
                    .expectException(refusedBy(Rule.STAFF_INACTIVE))
                    .expectExceptionMessage("staff 3 is already inactive")
                    .expectNoEvents();
        }

        @Test
        void refusesToDeactivateStaffImportedAsInactive() {
            fixture.given(new StaffHiredEvent(StaffId.of(3), "Mike", "Hillyer", ADDRESS, null, StoreId.of(1), "Mike", false))
                    .when(new DeactivateStaffCommand(StaffId.of(3)))
                    .expectException(refusedBy(Rule.STAFF_INACTIVE))
                    .expectNoEvents();
        }
    }
}
