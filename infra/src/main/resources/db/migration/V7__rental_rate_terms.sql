-- Rentals record the terms they were made on, so renting needs the film's rate beside its rental duration.
-- Filled from the newest stored registration, revision or price change of each film.
ALTER TABLE events.film_rental_terms ADD COLUMN rental_rate NUMERIC(6, 2);

UPDATE events.film_rental_terms terms
SET rental_rate = newest.rate
FROM (
    SELECT DISTINCT ON (film_id) film_id, rate
    FROM (
        SELECT (convert_from(payload, 'UTF8')::jsonb ->> 'filmId')::int AS film_id,
               coalesce(convert_from(payload, 'UTF8')::jsonb -> 'details' ->> 'rentalRate',
                        convert_from(payload, 'UTF8')::jsonb ->> 'rentalRate')::numeric AS rate,
               global_index
        FROM events.domain_event_entry
        WHERE payload_type IN ('dev.pagila.kernel.catalog.FilmRegisteredEvent',
                               'dev.pagila.kernel.catalog.FilmDetailsRevisedEvent',
                               'dev.pagila.kernel.catalog.FilmPricingChangedEvent')
    ) film_terms
    ORDER BY film_id, global_index DESC
) newest
WHERE terms.film_id = newest.film_id;
