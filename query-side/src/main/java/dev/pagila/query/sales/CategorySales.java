package dev.pagila.query.sales;

import java.math.BigDecimal;

/** A row of Pagila's {@code sales_by_film_category}. */
public record CategorySales(String category, BigDecimal totalSales) {

    /** The shape of the list of these in the API's documentation (answers are served as cached JSON). */
    public record Listing(java.util.List<CategorySales> items) {
    }
}
