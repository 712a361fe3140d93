package dev.pagila.command.config;

import dev.pagila.command.sales.LateFeePolicy;
import dev.pagila.command.shared.BusinessProperties;
import dev.pagila.kernel.money.Money;
import org.axonframework.common.caching.Cache;
import org.axonframework.common.caching.WeakReferenceCache;
import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.Snapshotter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;

@Configuration
public class DomainConfig {

    /** The only source of "now" on the command side; commands carry the time they were issued. */
    @Bean
    public Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    public LateFeePolicy lateFeePolicy(BusinessProperties business) {
        return new LateFeePolicy(business.zone(), new Money(business.lateFeePerDay()));
    }

    /**
     * Copies and customers stay in memory between commands, so a rental or a payment reads no events. Weak
     * references: the garbage collector decides how many stay. Another instance may have moved a cached one on;
     * the append then fails on the stream's unique key and the command is decided again from the store.
     */
    @Bean
    public Cache inventoryItemCache() {
        return new WeakReferenceCache();
    }

    @Bean
    public Cache customerCache() {
        return new WeakReferenceCache();
    }

    @Bean
    public SnapshotTriggerDefinition inventoryItemSnapshotTrigger(Snapshotter snapshotter, BusinessProperties business) {
        return new EventCountSnapshotTriggerDefinition(snapshotter, business.snapshotEvery());
    }

    @Bean
    public SnapshotTriggerDefinition customerSnapshotTrigger(Snapshotter snapshotter, BusinessProperties business) {
        return new EventCountSnapshotTriggerDefinition(snapshotter, business.snapshotEvery());
    }
}
