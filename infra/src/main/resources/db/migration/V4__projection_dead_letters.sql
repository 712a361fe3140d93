-- Events a projection failed on after its retries, parked per processing group and sequence so later events of
-- other sequences keep flowing; an operator lists, retries or evicts them through the query side's admin API.
-- Columns follow Axon's JDBC dead-letter queue, named in snake_case (see AxonTables.deadLetterSchema()).
CREATE TABLE projections.dead_letter_entry (
    dead_letter_id       VARCHAR(255)  NOT NULL PRIMARY KEY,
    processing_group     VARCHAR(255)  NOT NULL,
    sequence_identifier  VARCHAR(255)  NOT NULL,
    sequence_index       BIGINT        NOT NULL,
    message_type         VARCHAR(255)  NOT NULL,
    event_identifier     VARCHAR(255)  NOT NULL,
    time_stamp           VARCHAR(255)  NOT NULL,
    payload_type         VARCHAR(255)  NOT NULL,
    payload_revision     VARCHAR(255),
    payload              BYTEA         NOT NULL,
    meta_data            BYTEA,
    aggregate_type       VARCHAR(255),
    aggregate_identifier VARCHAR(255),
    sequence_number      BIGINT,
    token_type           VARCHAR(255),
    token                BYTEA,
    enqueued_at          VARCHAR(255)  NOT NULL,
    last_touched         VARCHAR(255),
    processing_started   VARCHAR(255),
    cause_type           VARCHAR(255),
    cause_message        VARCHAR(1023),
    diagnostics          BYTEA,
    CONSTRAINT dead_letter_sequence_index UNIQUE (processing_group, sequence_identifier, sequence_index)
);
CREATE INDEX dead_letter_processing_group ON projections.dead_letter_entry (processing_group);
CREATE INDEX dead_letter_sequence ON projections.dead_letter_entry (processing_group, sequence_identifier);
ALTER TABLE projections.dead_letter_entry OWNER TO ${queryRole};
