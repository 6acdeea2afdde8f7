-- The consent registry (Kantara Consent Receipt v1.1 / ISO/IEC TS 27560 fields, see docs/consent.md). The person is
-- held by pseudonym only, never by NIR or name. A withdrawal sets withdrawn_at: rows are never deleted, so that every
-- past delivery decision can still be explained by the record it named.
CREATE TABLE consent_record (
    id                  VARCHAR(64)  PRIMARY KEY,
    subject             VARCHAR(64)  NOT NULL,
    -- a partner id, or all-spie-partners
    recipient           VARCHAR(64)  NOT NULL,
    -- comma-separated lists: a handful of short codes each
    purposes            VARCHAR(400) NOT NULL,
    categories          VARCHAR(400) NOT NULL,
    -- explicit (GDPR art. 9-2-a, needed for health, family, justice) or implicit
    consent_type        VARCHAR(16)  NOT NULL,
    given_at            TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at          TIMESTAMP WITH TIME ZONE,
    withdrawn_at        TIMESTAMP WITH TIME ZONE,
    -- paper, in-person, online
    collection_method   VARCHAR(16)  NOT NULL,
    -- where the proof is kept (form number, signed PDF id...), never the proof itself
    evidence_reference  VARCHAR(200),
    collected_by        VARCHAR(64),
    recorded_by         VARCHAR(64)  NOT NULL,
    recorded_at         TIMESTAMP WITH TIME ZONE NOT NULL,
    withdrawn_by        VARCHAR(64)
);

CREATE INDEX consent_record_subject ON consent_record (subject);
