-- Which staff members exist, for renting (the clerk must be known), kept with the other command lookups in the
-- transaction that appends their events, so that a rental never has to search the event store for a stream.
CREATE TABLE events.staff_member (
    staff_id INTEGER PRIMARY KEY
);
ALTER TABLE events.staff_member OWNER TO ${commandRole};

INSERT INTO events.staff_member (staff_id)
SELECT DISTINCT substring(aggregate_identifier FROM '^staff-([0-9]+)$')::integer
FROM events.domain_event_entry
WHERE payload_type = 'dev.pagila.kernel.stores.StaffHiredEvent'
ON CONFLICT DO NOTHING;
