package dev.pagila.kernel.sales;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.axonframework.serialization.upcasting.event.SingleEventUpcaster;

import java.util.Collection;
import java.util.Optional;

/**
 * Revision 1 of {@link FilmRentedEvent} to revision 2: adds the terms the rental was made on, as
 * {@link RentalTermsHistory} finds them at the rental's place in the stream. The history is read from the event
 * store the first time it is needed, and read again once if a rental is missing from it (one stored after it was
 * read, by an instance still writing revision 1).
 */
public class FilmRentedEventUpcaster extends SingleEventUpcaster {

    private static final SimpleSerializedType REVISION_1 = new SimpleSerializedType(FilmRentedEvent.class.getName(), "1");
    private static final SimpleSerializedType REVISION_2 = new SimpleSerializedType(FilmRentedEvent.class.getName(), "2");

    /** The event store's stored events of some payload types, read in stream order as JSON. */
    @FunctionalInterface
    public interface StoredEvents {
        void inStreamOrder(Collection<String> payloadTypes, Reader reader);

        @FunctionalInterface
        interface Reader {
            void accept(String payloadType, String revision, JsonNode payload);
        }
    }

    private final StoredEvents stored;
    private volatile RentalTermsHistory history;

    public FilmRentedEventUpcaster(StoredEvents stored) {
        this.stored = stored;
    }

    @Override
    protected boolean canUpcast(IntermediateEventRepresentation representation) {
        return representation.getType().equals(REVISION_1);
    }

    @Override
    protected IntermediateEventRepresentation doUpcast(IntermediateEventRepresentation representation) {
        return representation.upcastPayload(REVISION_2, JsonNode.class, payload -> {
            int rentalId = payload.get("rentalId").asInt();
            RentalTerms terms = termsOf(rentalId).orElseThrow(() -> new IllegalStateException(
                    "rental " + rentalId + " has no film terms before it in the event stream"));
            ((ObjectNode) payload).put("rentalRate", terms.rentalRate().amount()).put("rentalDuration", terms.rentalDuration());
            return payload;
        });
    }

    private Optional<RentalTerms> termsOf(int rentalId) {
        RentalTermsHistory known = history;
        Optional<RentalTerms> terms = known == null ? Optional.empty() : known.termsOf(rentalId);
        if (terms.isPresent()) {
            return terms;
        }
        synchronized (this) {
            if (history == known) {
                RentalTermsHistory read = new RentalTermsHistory();
                stored.inStreamOrder(RentalTermsHistory.PAYLOAD_TYPES, read::accept);
                history = read;
            }
            return history.termsOf(rentalId);
        }
    }
}
