package dev.pagila.query.sales;

import dev.pagila.infra.redis.CacheKeys;
import dev.pagila.kernel.sales.FilmRentedEvent;
import dev.pagila.kernel.sales.PaymentTakenEvent;
import dev.pagila.kernel.sales.RentalReturnedEvent;
import dev.pagila.query.cache.VersionedCache;
import dev.pagila.query.config.QuerySideProperties;
import dev.pagila.query.projection.ProjectionOutcomes;
import dev.pagila.query.projection.ReplayRequest;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.TrackingToken;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import java.time.ZoneId;

/**
 * Projects rentals, returns and payments: the customers' histories and the sales totals. The highest-volume
 * group, run in several segments; see {@link SalesTable} for why the totals stay exact under any interleaving.
 */
@Component
@ProcessingGroup(SalesProjection.PROCESSING_GROUP)
public class SalesProjection {

    public static final String PROCESSING_GROUP = "sales";

    private final SalesTable sales;
    private final VersionedCache cache;
    private final ZoneId zone;
    private final ProjectionOutcomes outcomes;

    @Autowired
    public SalesProjection(SalesTable sales, VersionedCache cache, QuerySideProperties properties, MeterRegistry meters) {
        this(sales, cache, properties.business().zone(), meters);
    }

    /** @param zone the business zone, in which a payment's month is decided */
    public SalesProjection(SalesTable sales, VersionedCache cache, ZoneId zone, MeterRegistry meters) {
        this.sales = sales;
        this.cache = cache;
        this.zone = zone;
        this.outcomes = new ProjectionOutcomes(meters, PROCESSING_GROUP);
    }

    @EventHandler
    public void on(FilmRentedEvent event, TrackingToken token) {
        outcomes.count(sales.recordRental(event, outcomes.positionOf(token)));
        cache.invalidate(CacheKeys.generationOf(CacheKeys.SALES));
    }

    @EventHandler
    public void on(RentalReturnedEvent event, TrackingToken token) {
        outcomes.count(sales.recordReturn(event, outcomes.positionOf(token)));
    }

    @EventHandler
    public void on(PaymentTakenEvent event, TrackingToken token) {
        outcomes.count(sales.recordPayment(event, zone, outcomes.positionOf(token)));
        cache.invalidate(CacheKeys.generationOf(CacheKeys.SALES));
    }

    /** A replay from the first event starts from an empty slate: this group's items and every cached answer go. */
    @ResetHandler
    public void onReset(ReplayRequest request) {
        if (request.fromTheStart()) {
            sales.clear();
        }
        cache.flush();
    }
}
