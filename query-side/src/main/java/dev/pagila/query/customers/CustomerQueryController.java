package dev.pagila.query.customers;

import dev.pagila.infra.security.ResourceServerSecurity;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import dev.pagila.query.cache.CachedJson;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import dev.pagila.query.table.Page;
import dev.pagila.query.web.NotFound;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;

/** Customers: Pagila's customer_list, rental history and get_customer_balance. */
@SecurityRequirement(name = ResourceServerSecurity.BEARER)
@RestController
@RequestMapping("/api/customers")
public class CustomerQueryController {

    private final CustomerQueries queries;
    private final Clock clock;

    public CustomerQueryController(CustomerQueries queries, Clock clock) {
        this.queries = queries;
        this.clock = clock;
    }

    /** Pagila's {@code customer_list}, a page at a time in id order. */
    @GetMapping
    @ApiResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = CustomerRow.Page.class)))
    public CachedJson customers(@RequestParam(defaultValue = "50") @Min(1) @Max(500) int limit,
                                       @RequestParam(required = false) @Size(max = 2048) String cursor) {
        return queries.customerList(limit, cursor);
    }

    @GetMapping("/{customerId}")
    public ResponseEntity<Object> customer(@PathVariable @Positive int customerId) {
        return queries.customer(customerId).<ResponseEntity<Object>>map(ResponseEntity::ok)
                .orElseGet(() -> NotFound.of("customer " + customerId));
    }

    /** Every rental the customer made, oldest first, with the film's title and, once returned, any late fee. */
    @GetMapping("/{customerId}/rentals")
    public ResponseEntity<Object> rentals(@PathVariable @Positive int customerId) {
        return queries.rentals(customerId).<ResponseEntity<Object>>map(rentals -> ResponseEntity.ok(Map.of("items", rentals)))
                .orElseGet(() -> NotFound.of("customer " + customerId));
    }

    /** What the customer owes at {@code at} (an ISO-8601 instant; now when absent); negative means in credit. */
    @GetMapping("/{customerId}/balance")
    public ResponseEntity<Object> balance(@PathVariable @Positive int customerId,
                                          @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME)
                                          Instant at) {
        return queries.balance(customerId, at == null ? clock.instant() : at).<ResponseEntity<Object>>map(ResponseEntity::ok)
                .orElseGet(() -> NotFound.of("customer " + customerId));
    }
}
