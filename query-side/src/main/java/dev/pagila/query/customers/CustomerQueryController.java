package dev.pagila.query.customers;

import dev.pagila.infra.security.ResourceServerSecurity;
import dev.pagila.query.cache.CachedJson;
import dev.pagila.query.table.Page;
import dev.pagila.query.web.NotFoundException;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;


/** Customers: Pagila's customer_list and one customer (their rentals and balance: {@code sales.CustomerAccountController}). */
@SecurityRequirement(name = ResourceServerSecurity.BEARER)
@RestController
@RequestMapping("/api/customers")
public class CustomerQueryController {

    private final CustomerQueries queries;

    public CustomerQueryController(CustomerQueries queries) {
        this.queries = queries;
    }

    /** Pagila's {@code customer_list}, a page at a time in id order. */
    @GetMapping
    public CachedJson<Page<CustomerRow>> customers(@RequestParam(defaultValue = "50") @Min(1) @Max(500) int limit,
                                                   @RequestParam(required = false) @Size(max = 2048) String cursor) {
        return queries.customerList(limit, cursor);
    }

    @GetMapping("/{customerId}")
    public CustomerRow customer(@PathVariable @Positive int customerId) {
        return queries.customer(customerId).orElseThrow(() -> new NotFoundException("customer " + customerId));
    }
}
