package dev.pagila.command.stores;

import dev.pagila.command.web.CommandSender;
import dev.pagila.command.web.CommandReceipt;
import dev.pagila.command.identity.Accounts;
import dev.pagila.command.shared.IdSequences;
import dev.pagila.command.shared.Rule;
import dev.pagila.command.shared.RuleViolationException;
import dev.pagila.kernel.catalog.FilmId;
import dev.pagila.kernel.shared.Address;
import dev.pagila.kernel.stores.AddCopyToInventoryCommand;
import dev.pagila.kernel.stores.DeactivateStaffCommand;
import dev.pagila.kernel.stores.HireStaffCommand;
import dev.pagila.kernel.stores.InventoryId;
import dev.pagila.kernel.stores.OpenStoreCommand;
import dev.pagila.kernel.stores.RetireCopyCommand;
import dev.pagila.kernel.stores.StaffId;
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
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import static dev.pagila.command.shared.IdSequences.Kind;
import static dev.pagila.command.web.CommandReceipt.created;

/** Stores, their staff and their inventory of copies. */
@RestController
@RequestMapping("/api")
public class StoreCommandController {

    private final CommandSender sender;
    private final IdSequences ids;

    private final Accounts accounts;

    public StoreCommandController(CommandSender sender, IdSequences ids, Accounts accounts) {
        this.sender = sender;
        this.ids = ids;
        this.accounts = accounts;
    }

    public record NewStore(@NotNull @Positive Integer managerStaffId, @NotNull @Valid Address address) {
    }

    @PostMapping("/stores")
    public ResponseEntity<CommandReceipt> openStore(@Valid @RequestBody NewStore store) {
        StoreId id = StoreId.of(ids.next(Kind.STORE));
        return created("/api/stores/", sender.receipt(new OpenStoreCommand(id, StaffId.of(store.managerStaffId()),
                store.address()), id, id.value()));
    }

    public record NewStaff(@NotBlank @Size(max = 45) String firstName, @NotBlank @Size(max = 45) String lastName,
                           @NotNull @Valid Address address, @Email @Size(max = 50) String email,
                           @NotNull @Positive Integer storeId, @NotBlank @Size(max = 16) String username) {
    }

    /** The new member of staff signs in once a password is set for them ({@code PUT /api/staff/{id}/password}). */
    @PostMapping("/staff")
    public ResponseEntity<CommandReceipt> hireStaff(@Valid @RequestBody NewStaff staff) {
        if (accounts.byUsername(staff.username()).isPresent()) {
            throw new RuleViolationException(Rule.USERNAME_TAKEN, "the username " + staff.username() + " is taken");
        }
        StaffId id = StaffId.of(ids.next(Kind.STAFF));
        return created("/api/staff/", sender.receipt(new HireStaffCommand(id, staff.firstName(), staff.lastName(),
                staff.address(), staff.email(), StoreId.of(staff.storeId()), staff.username()), id, id.value()));
    }

    @PostMapping("/staff/{staffId}/deactivate")
    public CommandReceipt deactivateStaff(@PathVariable @Positive int staffId) {
        StaffId id = StaffId.of(staffId);
        return sender.receipt(new DeactivateStaffCommand(id), id, staffId);
    }

    public record NewCopy(@NotNull @Positive Integer filmId, @NotNull @Positive Integer storeId) {
    }

    @PostMapping("/inventory")
    public ResponseEntity<CommandReceipt> addCopy(@Valid @RequestBody NewCopy copy) {
        InventoryId id = InventoryId.of(ids.next(Kind.INVENTORY));
        return created("/api/inventory/", sender.receipt(new AddCopyToInventoryCommand(id, FilmId.of(copy.filmId()),
                StoreId.of(copy.storeId())), id, id.value()));
    }

    @PostMapping("/inventory/{inventoryId}/retire")
    public CommandReceipt retireCopy(@PathVariable @Positive int inventoryId) {
        InventoryId id = InventoryId.of(inventoryId);
        return sender.receipt(new RetireCopyCommand(id), id, inventoryId);
    }
}
