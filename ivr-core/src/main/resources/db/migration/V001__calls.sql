-- One row per call (Asterisk linkedid). Written by CallRecordWriter with INSERT ... ON DUPLICATE KEY UPDATE,
-- so the unique linked_id makes writes idempotent. Times are UTC (DATETIME(3): stored as written, no session
-- time-zone conversion, no 2038 limit, no implicit ON UPDATE CURRENT_TIMESTAMP as MariaDB gives TIMESTAMP columns).
-- caller_number is the full number (needed for callbacks); it is never logged unmasked.
-- Portable SQL: runs unchanged on MariaDB (InnoDB) and on H2 in MODE=MariaDB; identifiers are lower case.
CREATE TABLE call_record (
    id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    linked_id VARCHAR(64) NOT NULL,
    unique_id VARCHAR(64) NULL,
    company_id VARCHAR(32) NULL,
    category VARCHAR(32) NULL,
    inquiry_type VARCHAR(16) NULL,
    desk_id VARCHAR(32) NULL,
    queue_name VARCHAR(64) NULL,
    agent_id VARCHAR(16) NULL,
    dialed_number VARCHAR(32) NULL,
    caller_number VARCHAR(32) NULL,
    entered_at DATETIME(3) NOT NULL,
    answered_at DATETIME(3) NULL,
    ended_at DATETIME(3) NULL,
    wait_ms BIGINT NULL,
    talk_ms BIGINT NULL,
    outcome VARCHAR(24) NOT NULL,
    rule TEXT NULL,
    engine_node VARCHAR(64) NULL,
    CONSTRAINT uk_call_record_linked_id UNIQUE (linked_id)
);

CREATE INDEX idx_call_record_company_entered ON call_record (company_id, entered_at);

CREATE INDEX idx_call_record_desk_entered ON call_record (desk_id, entered_at);
