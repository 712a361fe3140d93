package dev.pagila.query.inventory;

/**
 * A copy as Pagila's {@code inventory_in_stock} and {@code inventory_held_by_customer} see it. A retired copy is
 * never in stock.
 */
public record CopyView(int copyId, int filmId, int storeId, boolean inStock, Integer heldByCustomerId, boolean retired) {
}
