package dev.pagila.system;

import dev.pagila.load.ChaosRun;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The platform as a cluster (two instances of each app behind HAProxy, the cache on a Redis Cluster) under sixteen
 * clerks while a command-side instance, a query-side instance and a Redis master are killed, then every app instance is
 * restarted one at a time: what {@code pagila chaos} runs, with shorter pauses between the disruptions.
 */
@Order(1) // before the shared platform starts (scheduling only)
class ChaosIT {

    @Test
    void killsAndARollingRestartUnderLoadLoseNothingDoubleNothingAndFailOnlyWhatWasInFlight(@TempDir Path dataDirectory)
            throws Exception {
        ChaosRun.Verdict verdict = ChaosRun.run(Path.of("..").toAbsolutePath().normalize(), dataDirectory,
                // paced clerks: the two cores also start and stop the instances the scenario kills
                new ChaosRun.Settings(2, 16, 8, Duration.ofSeconds(3), Duration.ofMillis(300)), System.out::println);
        System.out.print(verdict.report());

        assertThat(verdict.acknowledged()).as("commands acknowledged under load").isGreaterThan(100);
        assertThat(verdict.acknowledgedMissing()).as("acknowledged commands missing from the event store").isZero();
        assertThat(verdict.storedTwice()).as("rentals, returns or payments stored twice").isZero();
        assertThat(verdict.copiesRentedTwice()).as("copies rented while out").isZero();
        assertThat(verdict.readModelItems()).isPositive();
        assertThat(verdict.readModelDifferences()).as("items differing from a fresh rebuild").isZero();
        assertThat(verdict.segmentsHeldByKilled()).as("segments the killed query-side instance held").isPositive();
        ChaosRun.Disruption takeover = verdict.disruption("kill query-side-1");
        assertThat(takeover.seconds()).as("seconds until the survivor held every segment")
                .isBetween(0.0, verdict.claimTimeout().toSeconds() + 5.0);
        for (ChaosRun.Disruption disruption : verdict.disruptions()) {
            if (disruption.name().startsWith("kill")) {
                assertThat(disruption.unknownOutcomes()).as(disruption.name() + ": failures beyond what was in flight")
                        .isLessThanOrEqualTo(disruption.inFlightAtStart());
            }
        }
        assertThat(verdict.disruption("rolling restart").unknownOutcomes()).as("failed answers during the rolling restart").isZero();
        assertThat(verdict.passed()).isTrue();
    }
}
