package dev.pagila.query.sales;

import java.math.BigDecimal;

/** A row of Pagila's {@code sales_by_store}: "city,country", the manager's name, the store's total. */
public record StoreSales(int storeId, String store, String manager, BigDecimal totalSales) {
}
