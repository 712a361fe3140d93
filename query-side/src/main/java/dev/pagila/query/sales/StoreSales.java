package dev.pagila.query.sales;

import java.math.BigDecimal;

/** A row of Pagila's {@code sales_by_store}: "city,country", the manager's name, the store's total. */
public record StoreSales(int storeId, String store, String manager, BigDecimal totalSales) {

    /** The shape of the list of these in the API's documentation (answers are served as cached JSON). */
    public record Listing(java.util.List<StoreSales> items) {
    }
}
