-- Tamper evidence for the audit journal (docs/audit.md). Each event gets its place in the chain (seq, contiguous from
-- 1), the hash of the event before it and its own SHA-256, which covers that previous hash and every column below.
-- persons: pseudonyms of every person the exchange is about (a household names several), comma-separated.
-- data_categories: the categories the step concerns (accepted, delivered), comma-separated.
-- Rows written before this migration are chained by the journal's writer when it first starts.
ALTER TABLE audit_event ADD COLUMN seq BIGINT;
ALTER TABLE audit_event ADD COLUMN prev_hash CHAR(64);
ALTER TABLE audit_event ADD COLUMN event_hash CHAR(64);
ALTER TABLE audit_event ADD COLUMN persons VARCHAR(8000);
ALTER TABLE audit_event ADD COLUMN data_categories VARCHAR(400);
-- Not unique on purpose: the verifier must see and name a forged row with a duplicate number, not be stopped by it.
CREATE INDEX audit_event_seq ON audit_event (seq);
-- No index by partner: every index slows every write, and an auditor's query by partner comes with a time range.

-- Signed checkpoints: "event seq had hash event_hash at signed_at", signed with Ed25519. public_key is the signer's
-- (X.509, base64), so that a key rotation stays readable; an auditor checks against the published key.
CREATE TABLE audit_checkpoint (
    seq          BIGINT        PRIMARY KEY,
    event_hash   CHAR(64)      NOT NULL,
    signed_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    public_key   VARCHAR(200)  NOT NULL,
    signature    VARCHAR(200)  NOT NULL
);

-- Which exchanges name which person (from audit_event.persons, which the chain covers): the index of the GDPR access
-- report. Derived data, rebuilt from the journal if ever in doubt.
CREATE TABLE audit_person (
    subject      VARCHAR(64)   NOT NULL,
    exchange_id  VARCHAR(64)   NOT NULL,
    seq          BIGINT        NOT NULL
);
CREATE INDEX audit_person_subject ON audit_person (subject);
