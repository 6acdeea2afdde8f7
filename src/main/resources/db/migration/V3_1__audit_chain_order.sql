-- The journal's single writer inserts in chain order, so the row id orders the chain as well as seq does (a forged
-- row has a later id and is named by the verifier). One index fewer on every write: auditing must never be the
-- bottleneck.
DROP INDEX audit_event_seq;
