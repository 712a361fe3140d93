-- A live migration from a running Pagila database (change data capture until cut-over). The command side's own
-- bookkeeping, like identity: not domain facts, and the query side's role cannot read it.
CREATE SCHEMA IF NOT EXISTS migration AUTHORIZATION ${commandRole};
REVOKE ALL ON SCHEMA migration FROM PUBLIC;

-- One row once an import has been taken from a replication slot's snapshot: which system takes writes for the
-- migrated contexts. 'legacy' keeps the command API closed (409) while the follower appends what the monolith does.
CREATE TABLE migration.system_of_record (
    id              INTEGER     PRIMARY KEY CHECK (id = 1),
    system          TEXT        NOT NULL CHECK (system IN ('legacy', 'platform')),
    slot_name       TEXT        NOT NULL,
    publication     TEXT        NOT NULL,
    snapshot_lsn    TEXT        NOT NULL,
    -- the legacy server's clock when the slot and its snapshot were taken
    snapshot_at     TIMESTAMPTZ NOT NULL,
    cut_over_at     TIMESTAMPTZ
);

-- Debezium's connector offsets (its key and value bytes), written after the events they cover are committed.
CREATE TABLE migration.connector_offset (
    offset_key   BYTEA PRIMARY KEY,
    offset_value BYTEA
);

ALTER TABLE migration.system_of_record OWNER TO ${commandRole};
ALTER TABLE migration.connector_offset OWNER TO ${commandRole};
