-- A step's row is its claim: claim_token is the overflow lease's fencing token of the holder that claimed it, done
-- whether that holder confirmed the action was carried out. A new holder that finds a claim of an older token not done
-- checks the caller (still waiting in that queue, never re-joined) and takes the claim over to redo the action, or marks
-- it done (docs/scale-out.md "A claim and its action"). Rows written before this migration count as done.
ALTER TABLE call_overflow_step ADD COLUMN claim_token BIGINT NOT NULL DEFAULT 0;
ALTER TABLE call_overflow_step ADD COLUMN done BOOLEAN NOT NULL DEFAULT TRUE;
