package dev.pagila.command.sales;

import dev.pagila.kernel.sales.FilmRentedEvent;
import dev.pagila.kernel.sales.RentalId;
import dev.pagila.kernel.stores.InventoryId;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Optional;

/**
 * Which copy each rental is of, so a return names only the rental. Kept by a subscribing processor, which
 * runs inside the transaction that appends the rental event: the two are stored together or not at all.
 */
@Component
@ProcessingGroup(RentalLookup.PROCESSING_GROUP)
public class RentalLookup {

    public static final String PROCESSING_GROUP = "rental-lookup";

    private final JdbcTemplate jdbc;

    public RentalLookup(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(FilmRentedEvent event) {
        record(List.of(event));
    }

    /** Records rentals; one already recorded is left as it is, so the importer can run again. */
    public void record(List<FilmRentedEvent> rentals) {
        jdbc.batchUpdate("INSERT INTO events.rental_copy (rental_id, inventory_id) VALUES (?, ?) ON CONFLICT DO NOTHING",
                rentals, 1000, (statement, rental) -> {
                    statement.setInt(1, rental.rentalId().value());
                    statement.setInt(2, rental.inventoryId().value());
                });
    }

    public Optional<InventoryId> copyOf(RentalId rental) {
        return jdbc.query("SELECT inventory_id FROM events.rental_copy WHERE rental_id = ?",
                (row, n) -> InventoryId.of(row.getInt(1)), rental.value()).stream().findFirst();
    }
}
