package dev.pagila.query.inventory;

import dev.pagila.infra.security.ResourceServerSecurity;
import dev.pagila.query.cache.CachedJson;
import dev.pagila.query.web.Listing;
import dev.pagila.query.web.NotFoundException;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import jakarta.validation.constraints.Positive;
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
    public CopyView copy(@PathVariable @Positive int copyId) {
        return queries.copy(copyId).orElseThrow(() -> new NotFoundException("copy " + copyId));
    }

    /** A plain public request whose answer Redis holds is answered by {@code web.CachedHits}, from the same text. */
    @GetMapping("/films/{filmId}/in-stock")
    public CachedJson<FilmStock> inStock(@PathVariable @Positive int filmId, @RequestParam @Positive int storeId) {
        return stock(filmId, storeId, true);
    }

    @GetMapping("/films/{filmId}/not-in-stock")
    public CachedJson<FilmStock> notInStock(@PathVariable @Positive int filmId, @RequestParam @Positive int storeId) {
        return stock(filmId, storeId, false);
    }

    private CachedJson<FilmStock> stock(int filmId, int storeId, boolean inStock) {
        if (!queries.storeExists(storeId)) {
            throw new NotFoundException("store " + storeId);
        }
        return queries.filmStock(filmId, storeId, inStock).orElseThrow(() -> new NotFoundException("film " + filmId));
    }

    /** Pagila's {@code staff_list}. */
    @SecurityRequirement(name = ResourceServerSecurity.BEARER)
    @GetMapping("/staff")
    public CachedJson<Listing<StaffRow>> staff() {
        return queries.staffList();
    }
}
