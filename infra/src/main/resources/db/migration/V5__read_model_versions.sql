-- Which physical Films table the query side reads and writes. A blue/green rebuild fills a new table beside the
-- active one and switches this pointer when it has caught up; every query-side instance follows the pointer.
CREATE TABLE projections.read_model (
    id               INTEGER     PRIMARY KEY DEFAULT 1 CHECK (id = 1),
    active_table     TEXT        NOT NULL,
    previous_table   TEXT,
    switched_at      TIMESTAMPTZ
);
ALTER TABLE projections.read_model OWNER TO ${queryRole};
