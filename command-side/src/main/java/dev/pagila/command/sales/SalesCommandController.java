package dev.pagila.command.sales;

import dev.pagila.command.web.CommandSender;
import dev.pagila.command.web.CommandReceipt;
import dev.pagila.command.identity.ClerkMismatchException;
import dev.pagila.command.identity.SignedInStaff;
import dev.pagila.command.shared.CommandLookups;
import dev.pagila.command.shared.IdSequences;
import dev.pagila.command.shared.UnknownReferenceException;
import dev.pagila.kernel.customers.CustomerId;
import dev.pagila.kernel.money.Money;
import dev.pagila.kernel.money.NotNegative;
import dev.pagila.kernel.sales.PaymentId;
import dev.pagila.kernel.sales.RentCopyCommand;
import dev.pagila.kernel.sales.RentalId;
import dev.pagila.kernel.sales.ReturnRentalCommand;
import dev.pagila.kernel.sales.TakePaymentCommand;
import dev.pagila.kernel.stores.InventoryId;
import dev.pagila.kernel.stores.StaffId;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;

import static dev.pagila.command.shared.IdSequences.Kind;

/** Rentals, returns and payments: the high-volume side of the business. */
@RestController
@RequestMapping("/api")
public class SalesCommandController {

    private final CommandSender sender;
    private final IdSequences ids;
    private final CommandLookups rentals;
    private final Clock clock;

    public SalesCommandController(CommandSender sender, IdSequences ids, CommandLookups rentals, Clock clock) {
        this.sender = sender;
        this.ids = ids;
        this.rentals = rentals;
        this.clock = clock;
    }

    /** @param staffId optional; the clerk is whoever signed in, and a body naming someone else is refused */
    public record NewRental(@NotNull @Positive Integer inventoryId, @NotNull @Positive Integer customerId,
                            @Positive Integer staffId) {
    }

    public record RentalReceipt(int rentalId, int inventoryId, Instant rentedAt, Instant dueAt, long position) {
    }

    @PostMapping("/rentals")
    public ResponseEntity<RentalReceipt> rent(@Valid @RequestBody NewRental rental, @AuthenticationPrincipal Jwt signedIn) {
        StaffId clerk = clerk(signedIn, rental.staffId());
        InventoryId copy = InventoryId.of(rental.inventoryId());
        RentalId id = RentalId.of(ids.next(Kind.RENTAL));
        Instant now = clock.instant();
        CommandSender.Sent<RentalOutcome> sent = sender.send(new RentCopyCommand(copy, id,
                CustomerId.of(rental.customerId()), clerk, now), copy);
        return ResponseEntity.created(URI.create("/api/rentals/" + id.value()))
                .body(new RentalReceipt(id.value(), copy.value(), now, sent.result().dueAt(), sent.position()));
    }

    public record ReturnReceipt(int rentalId, Instant returnedAt, int lateDays, BigDecimal lateFee, long position) {
    }

    @PostMapping("/rentals/{rentalId}/return")
    public ReturnReceipt returnRental(@PathVariable @Positive int rentalId) {
        RentalId id = RentalId.of(rentalId);
        InventoryId copy = rentals.copyOf(id).orElseThrow(() -> UnknownReferenceException.forId(id));
        Instant now = clock.instant();
        CommandSender.Sent<ReturnOutcome> sent = sender.send(new ReturnRentalCommand(copy, id, now), copy);
        return new ReturnReceipt(rentalId, now, sent.result().lateDays(), sent.result().lateFee().amount(), sent.position());
    }

    /** @param staffId optional, as for a rental */
    public record NewPayment(@NotNull @Positive Integer customerId, @Positive Integer staffId,
                             @Positive Integer rentalId, @NotNull @NotNegative Money amount) {
    }

    @PostMapping("/payments")
    public ResponseEntity<CommandReceipt> pay(@Valid @RequestBody NewPayment payment, @AuthenticationPrincipal Jwt signedIn) {
        StaffId clerk = clerk(signedIn, payment.staffId());
        CustomerId customer = CustomerId.of(payment.customerId());
        PaymentId id = PaymentId.of(ids.next(Kind.PAYMENT));
        CommandReceipt receipt = sender.receipt(new TakePaymentCommand(customer, id, clerk,
                payment.rentalId() == null ? null : RentalId.of(payment.rentalId()), payment.amount(), clock.instant()),
                customer, id.value());
        return ResponseEntity.created(URI.create("/api/payments/" + id.value())).body(receipt);
    }

    /** The signed-in clerk; a body may repeat their id, never name another. */
    private static StaffId clerk(Jwt signedIn, Integer namedInBody) {
        StaffId clerk = SignedInStaff.of(signedIn).staffId();
        if (namedInBody != null && namedInBody != clerk.value()) {
            throw new ClerkMismatchException(clerk, namedInBody);
        }
        return clerk;
    }
}
