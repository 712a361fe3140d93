-- What operators did to the running platform (replays, dead-letter retries, rebuilds, a live migration's steps, key
-- rotation, unlocks, resets of others' passwords): who, when, what, and whether it was done, refused or failed. Both
-- apps write it and read it; neither may change or remove an entry, so the log is append-only for them. Owned by the
-- administrator (V11), in a schema of its own: no default privileges reach it, so a later table here grants its
-- rights itself.
CREATE SCHEMA IF NOT EXISTS ops;
REVOKE ALL ON SCHEMA ops FROM PUBLIC;

CREATE TABLE ops.audit_entry (
    id      BIGINT      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at      TIMESTAMPTZ NOT NULL,
    -- the signed-in operator's token subject (a username)
    actor   TEXT        NOT NULL,
    action  TEXT        NOT NULL,
    -- what the action was on: a processing group, a table, an account, a key; none for the platform as a whole
    target  TEXT,
    outcome TEXT        NOT NULL CHECK (outcome IN ('done', 'refused', 'failed')),
    -- the result in a few words, or the reason of a refusal or a failure; never a secret
    detail  TEXT
);
-- read newest first, a page at a time
CREATE INDEX audit_entry_at ON ops.audit_entry (at);

GRANT USAGE ON SCHEMA ops TO ${commandRole}, ${queryRole};
GRANT SELECT, INSERT ON ops.audit_entry TO ${commandRole}, ${queryRole};
GRANT USAGE ON SEQUENCE ops.audit_entry_id_seq TO ${commandRole}, ${queryRole};
