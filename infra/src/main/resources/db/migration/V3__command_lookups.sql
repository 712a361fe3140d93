-- What commands on one aggregate need to know of another, kept beside the event store in the same
-- transaction as the events they come from. Reading them takes no aggregate lock, so rentals of many
-- copies of one film, by one clerk, do not queue behind each other.
CREATE TABLE events.customer_standing (
    customer_id INTEGER PRIMARY KEY,
    active      BOOLEAN NOT NULL
);
CREATE TABLE events.film_rental_terms (
    film_id         INTEGER PRIMARY KEY,
    rental_duration INTEGER NOT NULL
);
ALTER TABLE events.customer_standing OWNER TO ${commandRole};
ALTER TABLE events.film_rental_terms OWNER TO ${commandRole};
