package dev.pagila.command.customers;

import dev.pagila.command.shared.CommandLookups;
import dev.pagila.command.shared.References;
import dev.pagila.command.shared.Rule;
import dev.pagila.command.shared.UnknownReferenceException;
import dev.pagila.kernel.customers.ChangeCustomerDetailsCommand;
import dev.pagila.kernel.customers.CustomerDeactivatedEvent;
import dev.pagila.kernel.customers.CustomerDetailsChangedEvent;
import dev.pagila.kernel.customers.CustomerId;
import dev.pagila.kernel.customers.CustomerReactivatedEvent;
import dev.pagila.kernel.customers.CustomerRegisteredEvent;
import dev.pagila.kernel.customers.DeactivateCustomerCommand;
import dev.pagila.kernel.customers.ReactivateCustomerCommand;
import dev.pagila.kernel.customers.RegisterCustomerCommand;
import dev.pagila.kernel.money.Money;
import dev.pagila.kernel.sales.PaymentId;
import dev.pagila.kernel.sales.PaymentTakenEvent;
import dev.pagila.kernel.sales.RentalId;
import dev.pagila.kernel.sales.TakePaymentCommand;
import dev.pagila.kernel.shared.Address;
import dev.pagila.kernel.stores.InventoryId;
import dev.pagila.kernel.stores.StaffId;
import dev.pagila.kernel.stores.StoreId;
import org.axonframework.messaging.interceptors.BeanValidationInterceptor;
import org.axonframework.messaging.interceptors.JSR303ViolationException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Optional;

import static dev.pagila.command.support.Refusals.refusedBy;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

class CustomerTest {

    private static final CustomerId MARY = CustomerId.of(1);
    private static final StoreId STORE = StoreId.of(1);
    private static final Address ADDRESS = new Address("1913 Hanoi Way", null, "Nagasaki", "Sasebo", "Japan", "35200", "28303384290");
    private static final CustomerRegisteredEvent REGISTERED = new CustomerRegisteredEvent(MARY, STORE, "MARY", "SMITH",
            "MARY.SMITH@sakilacustomer.org", ADDRESS, true);
    private static final Instant PAID_AT = Instant.parse("2022-05-25T11:30:37Z");

    private AggregateTestFixture<Customer> fixture;
    private CommandLookups rentals;

    @BeforeEach
    void setUp() {
        rentals = mock(CommandLookups.class);
        fixture = new AggregateTestFixture<>(Customer.class);
        fixture.registerInjectableResource(mock(References.class));
        fixture.registerInjectableResource(rentals);
        fixture.registerCommandDispatchInterceptor(new BeanValidationInterceptor<>());
    }

    @Nested
    class RegisterCustomer {

        @Test
        void registersAnActiveCustomer() {
            fixture.givenNoPriorActivity()
                    .when(new RegisterCustomerCommand(MARY, STORE, "MARY", "SMITH", "MARY.SMITH@sakilacustomer.org", ADDRESS))
                    .expectEvents(REGISTERED);
        }

        @Test
        void refusesAMalformedEmail() {
            assertThatThrownBy(() -> fixture.when(new RegisterCustomerCommand(MARY, STORE, "MARY", "SMITH", "not an email",
                    ADDRESS))).isInstanceOf(JSR303ViolationException.class);
        }
    }

    @Nested
    class DeactivateAndReactivate {

        @Test
        void deactivatesAnActiveCustomer() {
            fixture.given(REGISTERED).when(new DeactivateCustomerCommand(MARY)).expectEvents(new CustomerDeactivatedEvent(MARY));
        }

        @Test
        void refusesToDeactivateTwice() {
            fixture.given(REGISTERED, new CustomerDeactivatedEvent(MARY))
                    .when(new DeactivateCustomerCommand(MARY))
                    .expectException(refusedBy(Rule.CUSTOMER_INACTIVE))
                    .expectNoEvents();
        }

        @Test
        void reactivatesAnInactiveCustomer() {
            fixture.given(REGISTERED, new CustomerDeactivatedEvent(MARY))
                    .when(new ReactivateCustomerCommand(MARY))
                    .expectEvents(new CustomerReactivatedEvent(MARY));
        }

        @Test
        void refusesToReactivateAnActiveCustomer() {
            fixture.given(REGISTERED)
                    .when(new ReactivateCustomerCommand(MARY))
                    .expectException(refusedBy(Rule.CUSTOMER_ACTIVE))
                    .expectNoEvents();
        }
    }

    @Nested
    class ChangeCustomerDetails {

        @Test
        void recordsNewDetailsAsOneChange() {
            fixture.given(REGISTERED)
                    .when(new ChangeCustomerDetailsCommand(MARY, STORE, "MARY", "JONES", "MARY.JONES@sakilacustomer.org", ADDRESS))
                    .expectEvents(new CustomerDetailsChangedEvent(MARY, STORE, "MARY", "JONES", "MARY.JONES@sakilacustomer.org", ADDRESS));
        }

        @Test
        void theSameDetailsAgainAppendNothing() {
            fixture.given(REGISTERED)
                    .when(new ChangeCustomerDetailsCommand(MARY, STORE, "MARY", "SMITH", "MARY.SMITH@sakilacustomer.org", ADDRESS))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents();
        }

        @Test
        void theDetailsOfTheLastChangeAgainAppendNothing() {
            CustomerDetailsChangedEvent married = new CustomerDetailsChangedEvent(MARY, STORE, "MARY", "JONES", null, ADDRESS);
            fixture.given(REGISTERED, married)
                    .when(new ChangeCustomerDetailsCommand(MARY, STORE, "MARY", "JONES", null, ADDRESS))
                    .expectNoEvents();
        }
    }

    @Nested
    class TakePayment {

        @Test
        void takesAPaymentForAKnownRental() {
            when(rentals.copyOf(RentalId.of(2))).thenReturn(Optional.of(InventoryId.of(1525)));
            fixture.given(REGISTERED)
                    .when(new TakePaymentCommand(MARY, PaymentId.of(16050), StaffId.of(1), RentalId.of(2), Money.of("2.99"), PAID_AT))
                    .expectEvents(new PaymentTakenEvent(PaymentId.of(16050), MARY, StaffId.of(1), RentalId.of(2),
                            Money.of("2.99"), PAID_AT));
        }

        @Test
        void refusesAPaymentForAnUnknownRental() {
            when(rentals.copyOf(RentalId.of(99))).thenReturn(Optional.empty());
            fixture.given(REGISTERED)
                    .when(new TakePaymentCommand(MARY, PaymentId.of(16050), StaffId.of(1), RentalId.of(99), Money.of("2.99"), PAID_AT))
                    .expectException(UnknownReferenceException.class)
                    .expectNoEvents();
        }

        @Test
        void refusesANegativePayment() {
            fixture.given(REGISTERED);
            assertThatThrownBy(() -> fixture.when(new TakePaymentCommand(MARY, PaymentId.of(16050), StaffId.of(1), null,
                    Money.of("-1.00"), PAID_AT))).isInstanceOf(JSR303ViolationException.class);
        }
    }
}
