-- Callback tasks that are not after-hours requests: a happy-call's low score opens a follow-up for a senior desk.
-- reason: why the task exists (e.g. "happy-call low score 1 on satisfaction (agent 1001)"); NULL for after-hours requests.
-- related_linked_id: the original inbound call the task is about (its call_record.linked_id).
-- A task is tracked until solved: status PENDING -> DUE -> SOLVED (solved_at set).
ALTER TABLE callback_request ADD COLUMN reason VARCHAR(200) NULL;
ALTER TABLE callback_request ADD COLUMN related_linked_id VARCHAR(64) NULL;
ALTER TABLE callback_request ADD COLUMN solved_at DATETIME(3) NULL;
