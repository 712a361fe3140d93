package dev.pagila.query.sales;

import dev.pagila.infra.security.ResourceServerSecurity;
import dev.pagila.query.cache.CachedJson;
import dev.pagila.query.web.Listing;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Min;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.math.BigDecimal;
import java.time.YearMonth;

/** Pagila's reports. */
@SecurityRequirement(name = ResourceServerSecurity.BEARER)
@RestController
@RequestMapping("/api/reports")
public class ReportController {

    private final SalesReports reports;

    public ReportController(SalesReports reports) {
        this.reports = reports;
    }

    @GetMapping("/sales-by-store")
    public CachedJson<Listing<StoreSales>> salesByStore() {
        return reports.salesByStore();
    }

    @GetMapping("/sales-by-film-category")
    public CachedJson<Listing<CategorySales>> salesByFilmCategory() {
        return reports.salesByFilmCategory();
    }

    /**
     * Customers to reward for {@code month} (yyyy-MM): more than {@code minPurchases} payments totalling more than
     * {@code minAmount}. Like Pagila's function, both thresholds are required and must be above zero.
     */
    @GetMapping("/rewards")
    public CachedJson<Listing<RewardRow>> rewards(@RequestParam @DateTimeFormat(pattern = "yyyy-MM") YearMonth month,
                                                  @RequestParam @Min(1) int minPurchases,
                                                  @RequestParam @DecimalMin(value = "0.00", inclusive = false)
                                                  @Digits(integer = 8, fraction = 2) BigDecimal minAmount) {
        return reports.rewards(month, minPurchases, minAmount);
    }
}
