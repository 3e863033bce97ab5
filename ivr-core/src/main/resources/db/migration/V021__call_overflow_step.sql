-- Overflow steps taken on waiting calls: one row per caller and step, written by the engine's overflow monitor.
-- unique_id is the caller's channel (call_record.unique_id); taken_at is UTC.
CREATE TABLE call_overflow_step (
    id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    unique_id VARCHAR(64) NOT NULL,
    desk_id VARCHAR(32) NOT NULL,
    step_no INT NOT NULL,
    action VARCHAR(128) NOT NULL,
    waited_seconds BIGINT NOT NULL,
    taken_at DATETIME(3) NOT NULL
);

CREATE INDEX idx_call_overflow_step_unique ON call_overflow_step (unique_id);
