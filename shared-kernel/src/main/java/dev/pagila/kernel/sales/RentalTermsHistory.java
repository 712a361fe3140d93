package dev.pagila.kernel.sales;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pagila.kernel.catalog.FilmDetailsRevisedEvent;
import dev.pagila.kernel.catalog.FilmPricingChangedEvent;
import dev.pagila.kernel.catalog.FilmRegisteredEvent;
import dev.pagila.kernel.money.Money;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The terms every revision-1 rental (stored before rentals carried their terms) was made on: the film's terms in
 * force at the rental's place in the event stream. Fed the stored film and rental events in stream order, it
 * follows each film's terms as registrations, revisions and price changes set them, and notes them for each
 * rental as it passes. Never the terms in force when a reader happens to run.
 */
public final class RentalTermsHistory {

    /** The stored events that decide it, by payload type. */
    public static final List<String> PAYLOAD_TYPES = List.of(FilmRegisteredEvent.class.getName(),
            FilmDetailsRevisedEvent.class.getName(), FilmPricingChangedEvent.class.getName(), FilmRentedEvent.class.getName());

    private final Map<Integer, RentalTerms> filmTerms = new HashMap<>();
    private final Map<Integer, RentalTerms> rentalTerms = new HashMap<>();

    /** One stored event, in stream order, as the JSON the event store holds. */
    public void accept(String payloadType, String revision, JsonNode payload) {
        if (payloadType.equals(FilmRegisteredEvent.class.getName()) || payloadType.equals(FilmDetailsRevisedEvent.class.getName())) {
            JsonNode details = payload.get("details");
            filmTerms.put(payload.get("filmId").asInt(), terms(details.get("rentalRate"), details.get("rentalDuration")));
        } else if (payloadType.equals(FilmPricingChangedEvent.class.getName())) {
            filmTerms.put(payload.get("filmId").asInt(), terms(payload.get("rentalRate"), payload.get("rentalDuration")));
        } else if (payloadType.equals(FilmRentedEvent.class.getName()) && "1".equals(revision)) {
            RentalTerms inForce = filmTerms.get(payload.get("filmId").asInt());
            if (inForce != null) {
                rentalTerms.put(payload.get("rentalId").asInt(), inForce);
            }
        }
    }

    public Optional<RentalTerms> termsOf(int rentalId) {
        return Optional.ofNullable(rentalTerms.get(rentalId));
    }

    private static RentalTerms terms(JsonNode rate, JsonNode duration) {
        return new RentalTerms(new Money(new BigDecimal(rate.asText())), duration.asInt());
    }
}
