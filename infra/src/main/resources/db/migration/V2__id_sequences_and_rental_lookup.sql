-- New ids for every aggregate type come from sequences that start above every id of the Pagila sample;
-- an import of a larger database moves them past its own ids. Sequences never hand out one value twice,
-- whichever command-side instance asks.
CREATE SEQUENCE events.language_id_seq START WITH 7;
CREATE SEQUENCE events.actor_id_seq START WITH 201;
CREATE SEQUENCE events.category_id_seq START WITH 17;
CREATE SEQUENCE events.store_id_seq START WITH 3;
CREATE SEQUENCE events.staff_id_seq START WITH 3;
CREATE SEQUENCE events.inventory_id_seq START WITH 4582;
CREATE SEQUENCE events.customer_id_seq START WITH 600;
CREATE SEQUENCE events.rental_id_seq START WITH 16050;
CREATE SEQUENCE events.payment_id_seq START WITH 32099;

ALTER SEQUENCE events.language_id_seq OWNER TO ${commandRole};
ALTER SEQUENCE events.actor_id_seq OWNER TO ${commandRole};
ALTER SEQUENCE events.category_id_seq OWNER TO ${commandRole};
ALTER SEQUENCE events.store_id_seq OWNER TO ${commandRole};
ALTER SEQUENCE events.staff_id_seq OWNER TO ${commandRole};
ALTER SEQUENCE events.inventory_id_seq OWNER TO ${commandRole};
ALTER SEQUENCE events.customer_id_seq OWNER TO ${commandRole};
ALTER SEQUENCE events.rental_id_seq OWNER TO ${commandRole};
ALTER SEQUENCE events.payment_id_seq OWNER TO ${commandRole};

-- Which copy a rental belongs to, so "return rental 42" finds the copy's stream. Written in the same
-- transaction as the rental event, by the command side only.
CREATE TABLE events.rental_copy (
    rental_id    INTEGER PRIMARY KEY,
    inventory_id INTEGER NOT NULL
);
ALTER TABLE events.rental_copy OWNER TO ${commandRole};

