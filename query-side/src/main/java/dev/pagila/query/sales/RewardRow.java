package dev.pagila.query.sales;

import java.math.BigDecimal;

/** A customer Pagila's {@code rewards_report} picks for a month, with what they bought that month. */
public record RewardRow(int customerId, String firstName, String lastName, String email, int storeId, boolean active,
                        int purchases, BigDecimal amount) {
}
