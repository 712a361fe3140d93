package dev.pagila.query.inventory;

import dev.pagila.infra.security.ResourceServerSecurity;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import dev.pagila.query.cache.CachedJson;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import dev.pagila.query.web.NotFound;
import jakarta.validation.constraints.Positive;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;


/** Stock: Pagila's inventory_in_stock, inventory_held_by_customer, film_in_stock, film_not_in_stock, staff_list. */
@RestController
@RequestMapping("/api")
public class InventoryQueryController {

    private final InventoryQueries queries;

    public InventoryQueryController(InventoryQueries queries) {
        this.queries = queries;
    }

    /** A copy: whether it is in stock, and which customer holds it when it is out. */
    @SecurityRequirement(name = ResourceServerSecurity.BEARER)
    @GetMapping("/inventory/{copyId}")
    public ResponseEntity<Object> copy(@PathVariable @Positive int copyId) {
        return queries.copy(copyId).<ResponseEntity<Object>>map(ResponseEntity::ok)
                .orElseGet(() -> NotFound.of("copy " + copyId));
    }

    @GetMapping("/films/{filmId}/in-stock")
    public ResponseEntity<Object> inStock(@PathVariable @Positive int filmId, @RequestParam @Positive int storeId) {
        return stock(filmId, storeId, true);
    }

    @GetMapping("/films/{filmId}/not-in-stock")
    public ResponseEntity<Object> notInStock(@PathVariable @Positive int filmId, @RequestParam @Positive int storeId) {
        return stock(filmId, storeId, false);
    }

    private ResponseEntity<Object> stock(int filmId, int storeId, boolean inStock) {
        if (!queries.storeExists(storeId)) {
            return NotFound.of("store " + storeId);
        }
        return queries.filmStock(filmId, storeId, inStock).<ResponseEntity<Object>>map(ResponseEntity::ok)
                .orElseGet(() -> NotFound.of("film " + filmId));
    }

    /** Pagila's {@code staff_list}. */
    @SecurityRequirement(name = ResourceServerSecurity.BEARER)
    @GetMapping("/staff")
    @ApiResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = StaffRow.Listing.class)))
    public CachedJson staff() {
        return queries.staffList();
    }
}
