package dev.pagila.query.sales;

import dev.pagila.infra.security.ResourceServerSecurity;
import dev.pagila.query.web.Listing;
import dev.pagila.query.web.NotFoundException;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import jakarta.validation.constraints.Positive;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.time.Instant;

/** A customer's rental history and get_customer_balance. */
@SecurityRequirement(name = ResourceServerSecurity.BEARER)
@RestController
@RequestMapping("/api/customers")
public class CustomerAccountController {

    private final CustomerAccounts queries;
    private final Clock clock;

    public CustomerAccountController(CustomerAccounts queries, Clock clock) {
        this.queries = queries;
        this.clock = clock;
    }

    /** Every rental the customer made, oldest first, with the film's title and, once returned, any late fee. */
    @GetMapping("/{customerId}/rentals")
    public Listing<RentalView> rentals(@PathVariable @Positive int customerId) {
        return queries.rentals(customerId).map(Listing::new).orElseThrow(() -> new NotFoundException("customer " + customerId));
    }

    /** What the customer owes at {@code at} (an ISO-8601 instant; now when absent); negative means in credit. */
    @GetMapping("/{customerId}/balance")
    public Balance balance(@PathVariable @Positive int customerId,
                           @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant at) {
        return queries.balance(customerId, at == null ? clock.instant() : at)
                .orElseThrow(() -> new NotFoundException("customer " + customerId));
    }
}
