-- Happy-calls (free satisfaction calls after a served inbound call; campaigns.yaml kind happy-call).
-- Portable SQL: runs unchanged on MariaDB (InnoDB) and on H2 in MODE=MariaDB; times are UTC DATETIME(3).
-- One row per original inbound call (unique original_linked_id: writing the same call record again schedules nothing).
-- dial_number is the customer's full number, copied from call_record.caller_number: it is only read to dial the
-- happy-call and is never logged unmasked (logs and toString mask it, e.g. 010*****78).
-- status: scheduled (waiting for due_at), queued (handed to the dialer), answered (the AGI flow runs), completed (every
-- question answered), partial (some answered), no-answer, failed, or skipped.
CREATE TABLE IF NOT EXISTS happy_call (
    id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    original_linked_id VARCHAR(64) NOT NULL,
    company_id VARCHAR(32) NOT NULL,
    campaign_id VARCHAR(32) NOT NULL,
    agent_id VARCHAR(16) NULL,
    desk_id VARCHAR(32) NULL,
    inquiry_type VARCHAR(16) NULL,
    dial_number VARCHAR(32) NOT NULL,
    call_ended_at DATETIME(3) NOT NULL,
    due_at DATETIME(3) NOT NULL,
    status VARCHAR(16) NOT NULL,
    call_linked_id VARCHAR(64) NULL,
    created_at DATETIME(3) NOT NULL,
    updated_at DATETIME(3) NOT NULL,
    CONSTRAINT uq_happy_call_original UNIQUE (original_linked_id)
);
CREATE INDEX IF NOT EXISTS ix_happy_call_due ON happy_call (status, due_at);
CREATE INDEX IF NOT EXISTS ix_happy_call_number ON happy_call (company_id, dial_number, due_at);

-- One answer per happy-call and question (1..5). Tied to the original call and its agent through happy_call.
-- Happy-calls are never billable: there is no billable column, and billing counts them as free.
CREATE TABLE IF NOT EXISTS happy_call_answer (
    id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    happy_call_id BIGINT NOT NULL,
    question_id VARCHAR(32) NOT NULL,
    score INT NOT NULL,
    answered_at DATETIME(3) NOT NULL,
    CONSTRAINT uq_happy_call_answer UNIQUE (happy_call_id, question_id)
);
