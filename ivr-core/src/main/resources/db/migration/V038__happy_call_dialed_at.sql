-- When the happy-call was handed to the dialer (status queued); the monthly statement counts happy-calls (free) by it.
ALTER TABLE happy_call ADD COLUMN dialed_at DATETIME(3) NULL;
CREATE INDEX IF NOT EXISTS ix_happy_call_dialed ON happy_call (dialed_at);
