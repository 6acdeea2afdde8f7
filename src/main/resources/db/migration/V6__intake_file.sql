-- Batch files whose records the hub has registered in intake_key (partner, "sha256:<hash of the whole file>"), written
-- in the same transaction as the first of those keys: a file absent here has no record registered, so its records
-- are new without asking intake_key record by record (the common case: a flux arrives once). A file present is read
-- record by record as before (sent twice, or resumed after a crash).
CREATE TABLE intake_file (
    partner        VARCHAR(64)  NOT NULL,
    file_key       VARCHAR(200) NOT NULL,
    first_seen_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (partner, file_key)
);

-- The files already registered before this table existed.
INSERT INTO intake_file (partner, file_key, first_seen_at)
SELECT partner, SUBSTRING(intake_key FROM 1 FOR POSITION('#' IN intake_key) - 1), MIN(received_at)
FROM intake_key
WHERE intake_key LIKE 'sha256:%#%'
GROUP BY partner, SUBSTRING(intake_key FROM 1 FOR POSITION('#' IN intake_key) - 1);
