package dev.pagila.query.sales;

import java.math.BigDecimal;

/** A row of Pagila's {@code sales_by_film_category}. */
public record CategorySales(String category, BigDecimal totalSales) {
}
