-- Callback requests taken after hours: stored when the caller confirms, due at the next opening time.
CREATE TABLE IF NOT EXISTS callback_request (
    id BIGINT AUTO_INCREMENT PRIMARY KEY,
    linked_id VARCHAR(64) NOT NULL,
    company_id VARCHAR(32) NULL,
    desk_id VARCHAR(32) NULL,
    queue_name VARCHAR(64) NULL,
    callback_number VARCHAR(32) NOT NULL,
    requested_at DATETIME(3) NOT NULL,
    due_at DATETIME(3) NOT NULL,
    status VARCHAR(16) NOT NULL,
    updated_at DATETIME(3) NOT NULL,
    CONSTRAINT uq_callback_request_linked UNIQUE (linked_id)
);
CREATE INDEX IF NOT EXISTS ix_callback_request_due ON callback_request (status, due_at);
