-- Who may sign in, and the keys their tokens are signed with. Credentials are not domain facts: they live in
-- the command side's own schema, outside the event store, and the query side's role cannot read them.
CREATE SCHEMA IF NOT EXISTS identity AUTHORIZATION ${commandRole};
REVOKE ALL ON SCHEMA identity FROM PUBLIC;

CREATE TABLE identity.account (
    username        TEXT        PRIMARY KEY,
    -- Spring Security's {id}hash form: {bcrypt}... or, until its first use, a legacy Pagila {sha1}...
    password_hash   TEXT,
    staff_id        INTEGER     UNIQUE,
    store_id        INTEGER,
    manager         BOOLEAN     NOT NULL DEFAULT false,
    admin           BOOLEAN     NOT NULL DEFAULT false,
    active          BOOLEAN     NOT NULL DEFAULT true,
    failed_attempts INTEGER     NOT NULL DEFAULT 0,
    locked_until    TIMESTAMPTZ,
    password_set_at TIMESTAMPTZ
);

-- Every command-side instance signs with the same key and the query side fetches it as a JWK set.
CREATE TABLE identity.signing_key (
    key_id      TEXT        PRIMARY KEY,
    private_key BYTEA       NOT NULL,
    public_key  BYTEA       NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);

ALTER TABLE identity.account OWNER TO ${commandRole};
ALTER TABLE identity.signing_key OWNER TO ${commandRole};
