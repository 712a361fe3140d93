package dev.pagila.command.shared;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.math.BigDecimal;
import java.time.ZoneId;

/**
 * Business settings. Dates (late days, due dates) are counted in {@code zone}, the zone Pagila's data was
 * generated in unless configured otherwise.
 *
 * @param zone            business time zone
 * @param lateFeePerDay   fee per late day
 * @param snapshotEvery   events between snapshots of aggregates whose streams grow without bound
 * @param cachedAggregates copies, and customers, each instance keeps in memory between commands (least recently
 *                        used go first)
 */
@ConfigurationProperties("pagila.business")
public record BusinessProperties(@DefaultValue("Europe/London") ZoneId zone,
                                 @DefaultValue("1.00") BigDecimal lateFeePerDay,
                                 @DefaultValue("10") int snapshotEvery,
                                 @DefaultValue("20000") int cachedAggregates) {
}
