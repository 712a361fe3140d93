package dev.pagila.command.config;

import dev.pagila.command.sales.LateFeePolicy;
import dev.pagila.command.shared.BusinessProperties;
import dev.pagila.kernel.money.Money;
import org.axonframework.common.caching.Cache;
import org.axonframework.common.caching.EhCache3Adapter;
import org.ehcache.CacheManager;
import org.ehcache.config.builders.CacheConfigurationBuilder;
import org.ehcache.config.builders.CacheManagerBuilder;
import org.ehcache.config.builders.ResourcePoolsBuilder;
import org.ehcache.core.Ehcache;
import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.Snapshotter;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;

@Configuration
public class DomainConfig {

    /** The only source of "now" on the command side; commands carry the time they were issued. */
    @Bean
    @ConditionalOnMissingBean(Clock.class) // a test that moves time registers its own
    public Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    public LateFeePolicy lateFeePolicy(BusinessProperties business) {
        return new LateFeePolicy(business.zone(), new Money(business.lateFeePerDay()));
    }

    /**
     * Copies and customers stay in memory between commands, so a rental or a payment reads no events. Bounded by
     * entries, least recently used first (weak references were cleared by every young collection, so most rentals
     * missed). Another instance may have moved a cached one on: the append then fails on the stream's unique key
     * and the command is decided again from the store (see CommandSender).
     */
    @Bean(destroyMethod = "close")
    public CacheManager aggregateCaches() {
        return CacheManagerBuilder.newCacheManagerBuilder().build(true);
    }

    @Bean
    public Cache inventoryItemCache(CacheManager caches, BusinessProperties business) {
        return aggregateCache(caches, "inventoryItems", business.cachedAggregates());
    }

    @Bean
    public Cache customerCache(CacheManager caches, BusinessProperties business) {
        return aggregateCache(caches, "customers", business.cachedAggregates());
    }

    @SuppressWarnings("unchecked")
    private static Cache aggregateCache(CacheManager caches, String name, int entries) {
        // Axon's adapter takes Ehcache's implementation type, which is what a cache manager creates
        return new EhCache3Adapter((Ehcache<Object, Object>) caches.createCache(name,
                CacheConfigurationBuilder.newCacheConfigurationBuilder(Object.class, Object.class, ResourcePoolsBuilder.heap(entries))));
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
