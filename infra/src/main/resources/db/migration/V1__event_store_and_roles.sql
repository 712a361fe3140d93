-- One schema and one role per service. The command side owns the event store; the query side may read
-- events but never write them, and owns its tracking tokens (and, later, dead letters).

DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${commandRole}') THEN
        EXECUTE format('CREATE ROLE %I LOGIN PASSWORD %L', '${commandRole}', '${commandPassword}');
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${queryRole}') THEN
        EXECUTE format('CREATE ROLE %I LOGIN PASSWORD %L', '${queryRole}', '${queryPassword}');
    END IF;
END
$$;

CREATE SCHEMA IF NOT EXISTS events AUTHORIZATION ${commandRole};
CREATE SCHEMA IF NOT EXISTS projections AUTHORIZATION ${queryRole};
REVOKE ALL ON SCHEMA events FROM PUBLIC;
REVOKE ALL ON SCHEMA projections FROM PUBLIC;

-- Axon's JDBC storage engine layout, payloads as bytea (never oid large objects).
CREATE TABLE events.domain_event_entry (
    global_index         BIGSERIAL    PRIMARY KEY,
    event_identifier     VARCHAR(255) NOT NULL UNIQUE,
    aggregate_identifier VARCHAR(255) NOT NULL,
    sequence_number      BIGINT       NOT NULL,
    type                 VARCHAR(255),
    time_stamp           VARCHAR(255) NOT NULL,
    payload_type         VARCHAR(255) NOT NULL,
    payload_revision     VARCHAR(255),
    payload              BYTEA        NOT NULL,
    meta_data            BYTEA,
    CONSTRAINT domain_event_entry_aggregate_sequence UNIQUE (aggregate_identifier, sequence_number)
);

CREATE TABLE events.snapshot_event_entry (
    aggregate_identifier VARCHAR(255) NOT NULL,
    sequence_number      BIGINT       NOT NULL,
    type                 VARCHAR(255) NOT NULL,
    event_identifier     VARCHAR(255) NOT NULL UNIQUE,
    time_stamp           VARCHAR(255) NOT NULL,
    payload_type         VARCHAR(255) NOT NULL,
    payload_revision     VARCHAR(255),
    payload              BYTEA        NOT NULL,
    meta_data            BYTEA,
    PRIMARY KEY (aggregate_identifier, sequence_number)
);

-- New film ids start above every id of the Pagila sample; an import of a larger database moves it on.
CREATE SEQUENCE events.film_id_seq START WITH 1001;

ALTER TABLE events.domain_event_entry OWNER TO ${commandRole};
ALTER TABLE events.snapshot_event_entry OWNER TO ${commandRole};
ALTER SEQUENCE events.film_id_seq OWNER TO ${commandRole};

GRANT USAGE ON SCHEMA events TO ${queryRole};
GRANT SELECT ON events.domain_event_entry TO ${queryRole};

CREATE TABLE projections.token_entry (
    processor_name VARCHAR(255) NOT NULL,
    segment        INTEGER      NOT NULL,
    token          BYTEA,
    token_type     VARCHAR(255),
    timestamp      VARCHAR(255),
    owner          VARCHAR(255),
    PRIMARY KEY (processor_name, segment)
);
ALTER TABLE projections.token_entry OWNER TO ${queryRole};
