package dev.pagila.query.sales;

import dev.pagila.kernel.sales.FilmRentedEvent;
import dev.pagila.kernel.sales.PaymentTakenEvent;
import dev.pagila.kernel.sales.RentalReturnedEvent;
import dev.pagila.query.QuerySideProperties;
import dev.pagila.query.cache.CacheKeys;
import dev.pagila.query.cache.VersionedCache;
import dev.pagila.query.projection.ProjectionWriter;
import dev.pagila.query.projection.ProjectionWriters;
import dev.pagila.query.table.ItemKey;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.TrackingToken;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import java.time.ZoneId;
import java.util.List;


/**
 * Projects rentals, returns and payments: the customers' histories and the sales totals, a batch of events at a
 * time (see {@link ProjectionWriter}). The highest-volume group, run in several segments, its events sequenced per
 * rental; see {@link SalesTable} for why the totals stay exact under any batching, redelivery or replay.
 */
@Component
@ProcessingGroup(SalesProjection.PROCESSING_GROUP)
public class SalesProjection {

    public static final String PROCESSING_GROUP = "sales";
    private static final String SALES = CacheKeys.generationOf(CacheKeys.SALES);

    private final SalesTable sales;
    private final VersionedCache cache;
    private final ZoneId zone;
    private final ProjectionWriter writer;

    @Autowired
    public SalesProjection(SalesTable sales, VersionedCache cache, QuerySideProperties properties, ProjectionWriters writers) {
        this(sales, cache, properties.business().zone(), writers);
    }

    /** @param zone the business zone, in which a payment's month is decided */
    public SalesProjection(SalesTable sales, VersionedCache cache, ZoneId zone, ProjectionWriters writers) {
        this.sales = sales;
        this.cache = cache;
        this.zone = zone;
        this.writer = writers.writerFor(PROCESSING_GROUP, sales.table());
    }

    @EventHandler
    public void on(FilmRentedEvent event, TrackingToken token) {
        writer.apply(token, List.of(RentalItem.key(event.rentalId().value())),
                (batch, position) -> sales.recordRental(batch.items(), event, position), SALES);
    }

    /** A return changes no report: nothing cached to retire. */
    @EventHandler
    public void on(RentalReturnedEvent event, TrackingToken token) {
        writer.apply(token, List.of(RentalItem.key(event.rentalId().value())),
                (batch, position) -> sales.recordReturn(batch.items(), event, position));
    }

    @EventHandler
    public void on(PaymentTakenEvent event, TrackingToken token) {
        Integer rental = event.rentalId() == null ? null : event.rentalId().value();
        ItemKey payment = PaymentItem.key(rental, event.paymentId().value());
        writer.apply(token, rental == null ? List.of(payment) : List.of(payment, RentalItem.key(rental)),
                (batch, position) -> sales.recordPayment(batch.items(), event, zone, position), SALES);
    }

    /**
     * A replay from a position or a time keeps the items (each ignores the events it has seen) but not the cached
     * answers. (A replay from the first event is a bulk fill, which clears the group's items itself.)
     */
    @ResetHandler
    public void onReset() {
        cache.flush();
    }
}
