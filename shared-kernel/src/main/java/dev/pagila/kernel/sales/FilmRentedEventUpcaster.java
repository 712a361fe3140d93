package dev.pagila.kernel.sales;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.axonframework.serialization.upcasting.event.SingleEventUpcaster;

import java.util.Optional;
import java.util.function.Supplier;

/**
 * Revision 1 of {@link FilmRentedEvent} to revision 2: adds the terms the rental was made on, as
 * {@link RentalTermsHistory} finds them at the rental's place in the stream. The history is read from the event
 * store the first time it is needed, and read again once if a rental is missing from it (one stored after it was
 * read, by an instance still writing revision 1).
 */
public class FilmRentedEventUpcaster extends SingleEventUpcaster {

    private static final SimpleSerializedType REVISION_1 = new SimpleSerializedType(FilmRentedEvent.class.getName(), "1");
    private static final SimpleSerializedType REVISION_2 = new SimpleSerializedType(FilmRentedEvent.class.getName(), "2");

    private final Supplier<RentalTermsHistory> readHistory;
    private volatile RentalTermsHistory history;

    public FilmRentedEventUpcaster(Supplier<RentalTermsHistory> readHistory) {
        this.readHistory = readHistory;
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
                history = readHistory.get();
            }
            return history.termsOf(rentalId);
        }
    }
}
