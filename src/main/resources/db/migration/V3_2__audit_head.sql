-- The head of the chain, one row, locked by each write transaction (SELECT ... FOR UPDATE): two journal writers on
-- one database (two hubs, or two application contexts in one test run) take turns and never fork the chain.
CREATE TABLE audit_head (
    id          INTEGER   PRIMARY KEY,
    seq         BIGINT    NOT NULL,
    event_hash  CHAR(64)  NOT NULL
);
