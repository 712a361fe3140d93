package dev.pagila.command.config;

import dev.pagila.command.sales.LateFeePolicy;
import dev.pagila.command.shared.BusinessProperties;
import dev.pagila.kernel.money.Money;
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

    @Bean
    public SnapshotTriggerDefinition inventoryItemSnapshotTrigger(Snapshotter snapshotter, BusinessProperties business) {
        return new EventCountSnapshotTriggerDefinition(snapshotter, business.snapshotEvery());
    }

    @Bean
    public SnapshotTriggerDefinition customerSnapshotTrigger(Snapshotter snapshotter, BusinessProperties business) {
        return new EventCountSnapshotTriggerDefinition(snapshotter, business.snapshotEvery());
    }
}
