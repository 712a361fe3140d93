package dev.pagila.command.stores;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import dev.pagila.command.sales.LateFeePolicy;
import dev.pagila.command.sales.RentalOutcome;
import dev.pagila.command.sales.ReturnOutcome;
import dev.pagila.command.shared.CommandLookups;
import dev.pagila.command.shared.References;
import dev.pagila.command.shared.Rule;
import dev.pagila.command.shared.RuleViolationException;
import dev.pagila.command.shared.UnknownReferenceException;
import dev.pagila.kernel.catalog.FilmId;
import dev.pagila.kernel.customers.CustomerId;
import dev.pagila.kernel.sales.FilmRentedEvent;
import dev.pagila.kernel.sales.RentalTerms;
import dev.pagila.kernel.sales.RentCopyCommand;
import dev.pagila.kernel.sales.RentalReturnedEvent;
import dev.pagila.kernel.sales.ReturnRentalCommand;
import dev.pagila.kernel.stores.AddCopyToInventoryCommand;
import dev.pagila.kernel.stores.CopyAddedToInventoryEvent;
import dev.pagila.kernel.stores.CopyRetiredEvent;
import dev.pagila.kernel.stores.InventoryId;
import dev.pagila.kernel.stores.RetireCopyCommand;
import dev.pagila.kernel.stores.StoreId;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * One physical copy of a film in a store, and every rental of it. Its stream serialises the rentals of
 * the copy: two clerks renting it at once race for the same next sequence number, and the event store's
 * unique (stream, sequence) key lets exactly one win, on any number of command-side instances.
 * The stream grows with every rental, so it is snapshotted, and kept in memory between commands (see
 * {@link dev.pagila.command.web.CommandSender} for why a cached copy is safe with several instances).
 */
@Aggregate(snapshotTriggerDefinition = "inventoryItemSnapshotTrigger", cache = "inventoryItemCache")
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY)
public class InventoryItem {

    @AggregateIdentifier
    private InventoryId inventoryId;
    private FilmId filmId;
    private StoreId storeId;
    private boolean retired;
    /** Rentals without a return, by rental id. More than one only in imported history (Pagila's data has such). */
    private Map<Integer, OpenRental> openRentals = new LinkedHashMap<>();
    /** Every rental ever made of the copy; the ids themselves live in the command lookups, not in this state. */
    private int rentalCount;

    protected InventoryItem() {
    }

    @CommandHandler
    public InventoryItem(AddCopyToInventoryCommand command, References references) {
        references.requireFilm(command.filmId());
        references.requireStore(command.storeId());
        apply(new CopyAddedToInventoryEvent(command.inventoryId(), command.filmId(), command.storeId()));
    }

    @CommandHandler
    public void handle(RetireCopyCommand command) {
        requireNotRetired();
        if (!openRentals.isEmpty()) {
            throw new RuleViolationException(Rule.COPY_OUT, inventoryId + " is rented out; it can be retired once it is back");
        }
        apply(new CopyRetiredEvent(inventoryId, filmId, storeId));
    }

    @CommandHandler
    public RentalOutcome handle(RentCopyCommand command, References references, LateFeePolicy lateFees) {
        requireNotRetired();
        if (!openRentals.isEmpty()) {
            throw new RuleViolationException(Rule.COPY_OUT, inventoryId + " is already rented out");
        }
        References.RentalPermit permit = references.permitRental(command.customerId(), filmId, command.staffId());
        if (!permit.customerActive()) {
            throw new RuleViolationException(Rule.CUSTOMER_INACTIVE, command.customerId() + " is not active");
        }
        RentalTerms terms = permit.terms();
        Instant dueAt = lateFees.dueAt(command.rentedAt(), terms.rentalDuration());
        apply(new FilmRentedEvent(command.rentalId(), inventoryId, filmId, storeId, command.customerId(),
                command.staffId(), command.rentedAt(), dueAt, terms.rentalRate(), terms.rentalDuration()));
        return new RentalOutcome(command.rentalId(), dueAt);
    }

    @CommandHandler
    public ReturnOutcome handle(ReturnRentalCommand command, LateFeePolicy lateFees, CommandLookups lookups) {
        OpenRental rental = openRentals.get(command.rentalId().value());
        if (rental == null) {
            if (inventoryId.equals(lookups.copyOf(command.rentalId()).orElse(null))) {
                throw new RuleViolationException(Rule.ALREADY_RETURNED, command.rentalId() + " was already returned");
            }
            throw UnknownReferenceException.forId(command.rentalId());
        }
        if (command.returnedAt().isBefore(rental.rentedAt())) {
            throw new RuleViolationException(Rule.RETURN_BEFORE_RENTAL, "a return cannot precede its rental at " + rental.rentedAt());
        }
        int lateDays = lateFees.lateDays(rental.rentedAt(), rental.dueAt(), command.returnedAt());
        apply(new RentalReturnedEvent(command.rentalId(), inventoryId, filmId, storeId, CustomerId.of(rental.customerId()),
                rental.rentedAt(), command.returnedAt(), lateDays, lateFees.lateFee(lateDays)));
        return new ReturnOutcome(command.rentalId(), lateDays, lateFees.lateFee(lateDays));
    }

    /** What the copy knows, for callers that need to see it whole (operators, tests). */
    public CopyState state() {
        return new CopyState(inventoryId, filmId, storeId, retired, Map.copyOf(openRentals), rentalCount);
    }

    private void requireNotRetired() {
        if (retired) {
            throw new RuleViolationException(Rule.COPY_RETIRED, inventoryId + " was retired from the inventory");
        }
    }

    @EventSourcingHandler
    void on(CopyAddedToInventoryEvent event) {
        inventoryId = event.inventoryId();
        filmId = event.filmId();
        storeId = event.storeId();
    }

    @EventSourcingHandler
    void on(CopyRetiredEvent event) {
        retired = true;
    }

    @EventSourcingHandler
    void on(FilmRentedEvent event) {
        openRentals.put(event.rentalId().value(), new OpenRental(event.customerId().value(), event.rentedAt(), event.dueAt()));
        rentalCount++;
    }

    @EventSourcingHandler
    void on(RentalReturnedEvent event) {
        openRentals.remove(event.rentalId().value());
    }

    /** A rental of this copy that has not come back yet. */
    public record OpenRental(int customerId, Instant rentedAt, Instant dueAt) {
    }

    public record CopyState(InventoryId inventoryId, FilmId filmId, StoreId storeId, boolean retired,
                            Map<Integer, OpenRental> openRentals, int rentalCount) {
    }
}
