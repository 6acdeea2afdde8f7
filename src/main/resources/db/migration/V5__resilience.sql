-- Idempotent intake: what each partner already handed over, so that the same message or the same file sent twice is
-- recognised (DUPLICATE) and not delivered again. The key is the partner's own message id ("id:...") or the SHA-256
-- of the payload, and for a batch the SHA-256 of the whole file plus the record's position ("sha256:...#12").
-- A row is written "pending" just before the broker commit and marked committed just after it: after a crash in
-- between, the record is sent again under its first exchange id and Artemis' duplicate detection decides.
CREATE TABLE intake_key (
    partner         VARCHAR(64)  NOT NULL,
    intake_key      VARCHAR(200) NOT NULL,
    exchange_id     VARCHAR(64)  NOT NULL,
    message_type    VARCHAR(80),
    received_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    committed       BOOLEAN      NOT NULL DEFAULT FALSE,
    PRIMARY KEY (partner, intake_key)
);

-- Deliveries the hub could not make (mapping failed, recipient's schema refused the result, recipient down after its
-- retries): the reason (an OperationOutcome: paths and reasons, never values) and the canonical event, sealed with
-- AES-GCM (PayloadVault) and set to NULL once past the retention period.
CREATE TABLE dead_letter (
    id                  VARCHAR(36)  PRIMARY KEY,
    exchange_id         VARCHAR(64)  NOT NULL,
    recipient           VARCHAR(64)  NOT NULL,
    message_type        VARCHAR(80),
    reason              VARCHAR(8000) NOT NULL,
    payload             BYTEA,
    recorded_at         TIMESTAMP WITH TIME ZONE NOT NULL,
    replayed_at         TIMESTAMP WITH TIME ZONE,
    replay_exchange_id  VARCHAR(64)
);
CREATE INDEX dead_letter_exchange ON dead_letter (exchange_id);
CREATE INDEX dead_letter_time ON dead_letter (recorded_at);

-- Inbound records refused by the pipeline, kept (sealed) so that they can be replayed once a mapping or a schema is
-- fixed, or once the partner's data is: the partner's record as read, and the batch headers it came with.
CREATE TABLE quarantine (
    id                  VARCHAR(36)  PRIMARY KEY,
    exchange_id         VARCHAR(64)  NOT NULL,
    partner             VARCHAR(64)  NOT NULL,
    message_type        VARCHAR(80)  NOT NULL,
    record_index        INTEGER      NOT NULL,
    reason              VARCHAR(8000) NOT NULL,
    payload             BYTEA,
    recorded_at         TIMESTAMP WITH TIME ZONE NOT NULL,
    replayed_at         TIMESTAMP WITH TIME ZONE,
    replay_exchange_id  VARCHAR(64)
);
CREATE INDEX quarantine_exchange ON quarantine (exchange_id);
CREATE INDEX quarantine_partner ON quarantine (partner);
CREATE INDEX quarantine_time ON quarantine (recorded_at);
