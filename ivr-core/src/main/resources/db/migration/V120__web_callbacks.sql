-- Callback requests from outside a call (issue #15): POST /api/callbacks from a channel integration (web form, SMS or
-- e-mail gateway) and the public form. channel: web | sms | email (NULL for callbacks taken on a call); integration: the
-- integration's name from overflow.yaml web-callbacks; category: the product category asked about; window_start/_end: the
-- customer's preferred time window (due_at is its start, or the request time); merged_count: later requests for the same
-- company and number within the merge window, merged into this one (merged_at and merged_note: the latest of them).
ALTER TABLE callback_request ADD COLUMN channel VARCHAR(16) NULL;
ALTER TABLE callback_request ADD COLUMN integration VARCHAR(64) NULL;
ALTER TABLE callback_request ADD COLUMN category VARCHAR(32) NULL;
ALTER TABLE callback_request ADD COLUMN window_start DATETIME(3) NULL;
ALTER TABLE callback_request ADD COLUMN window_end DATETIME(3) NULL;
ALTER TABLE callback_request ADD COLUMN merged_count INT NOT NULL DEFAULT 0;
ALTER TABLE callback_request ADD COLUMN merged_at DATETIME(3) NULL;
ALTER TABLE callback_request ADD COLUMN merged_note VARCHAR(200) NULL;
CREATE INDEX IF NOT EXISTS ix_callback_request_channel ON callback_request (company_id, callback_number, channel);
