-- Partners' own identifiers of a person (France Travail's identifiant_unique_de...), linked to the hub's subject when
-- a message carried both the identifier and a NIR or matching keys. A later message that carries only the identifier
-- (a France Travail action row) finds its subject here. The identifier is kept as a keyed hash, never in clear.
CREATE TABLE subject_identifier (
    kind             VARCHAR(40)  NOT NULL,
    identifier_hash  VARCHAR(64)  NOT NULL,
    subject          VARCHAR(64)  NOT NULL,
    linked_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (kind, identifier_hash)
);

CREATE INDEX subject_identifier_subject ON subject_identifier (subject);
