package dev.pagila.command.customers;

import dev.pagila.command.web.CommandSender;
import dev.pagila.command.web.CommandReceipt;
import dev.pagila.command.shared.IdSequences;
import dev.pagila.kernel.customers.ChangeCustomerDetailsCommand;
import dev.pagila.kernel.customers.CustomerId;
import dev.pagila.kernel.customers.DeactivateCustomerCommand;
import dev.pagila.kernel.customers.ReactivateCustomerCommand;
import dev.pagila.kernel.customers.RegisterCustomerCommand;
import dev.pagila.kernel.shared.Address;
import dev.pagila.kernel.stores.StoreId;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import static dev.pagila.command.shared.IdSequences.Kind;
import static dev.pagila.command.web.CommandReceipt.created;

@RestController
@RequestMapping("/api/customers")
public class CustomerCommandController {

    private final CommandSender sender;
    private final IdSequences ids;

    public CustomerCommandController(CommandSender sender, IdSequences ids) {
        this.sender = sender;
        this.ids = ids;
    }

    public record CustomerDetails(@NotNull @Positive Integer storeId, @NotBlank @Size(max = 45) String firstName,
                                  @NotBlank @Size(max = 45) String lastName, @Email @Size(max = 50) String email,
                                  @NotNull @Valid Address address) {
    }

    @PostMapping
    public ResponseEntity<CommandReceipt> register(@Valid @RequestBody CustomerDetails details) {
        CustomerId id = CustomerId.of(ids.next(Kind.CUSTOMER));
        return created("/api/customers/", sender.receipt(new RegisterCustomerCommand(id, StoreId.of(details.storeId()),
                details.firstName(), details.lastName(), details.email(), details.address()), id, id.value()));
    }

    @PutMapping("/{customerId}")
    public CommandReceipt changeDetails(@PathVariable @Positive int customerId, @Valid @RequestBody CustomerDetails details) {
        CustomerId id = CustomerId.of(customerId);
        return sender.receipt(new ChangeCustomerDetailsCommand(id, StoreId.of(details.storeId()), details.firstName(),
                details.lastName(), details.email(), details.address()), id, customerId);
    }

    @PostMapping("/{customerId}/deactivate")
    public CommandReceipt deactivate(@PathVariable @Positive int customerId) {
        CustomerId id = CustomerId.of(customerId);
        return sender.receipt(new DeactivateCustomerCommand(id), id, customerId);
    }

    @PostMapping("/{customerId}/reactivate")
    public CommandReceipt reactivate(@PathVariable @Positive int customerId) {
        CustomerId id = CustomerId.of(customerId);
        return sender.receipt(new ReactivateCustomerCommand(id), id, customerId);
    }
}
