-- The query side's instances, each saying every few seconds that it is alive. Axon's token store shows only the
-- instances that hold a claim; sharing the segments out evenly also needs the ones that hold none yet (a new or
-- restarted instance). Rows of instances that stopped are removed by them, or ignored once old.
CREATE TABLE projections.projection_instance (
    name    TEXT        PRIMARY KEY,
    seen_at TIMESTAMPTZ NOT NULL
);
