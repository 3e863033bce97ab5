-- A step is taken on a caller once, whichever engine node takes it: the node claims the row (fenced by its lease)
-- before it acts, and a second claim of the same caller, desk and step is refused by this key.
DELETE FROM call_overflow_step WHERE id NOT IN (
    SELECT keep_id FROM (SELECT MIN(id) AS keep_id FROM call_overflow_step GROUP BY unique_id, desk_id, step_no) k);
CREATE UNIQUE INDEX uq_call_overflow_step_once ON call_overflow_step (unique_id, desk_id, step_no);
