-- Outbound campaigns (campaigns.yaml): targets imported from CSV, one row per dial attempt, the do-not-call list.
-- Portable SQL: runs unchanged on MariaDB (InnoDB) and on H2 in MODE=MariaDB; times are UTC DATETIME(3).
-- phone is the full number (needed to dial); it is never logged unmasked.

-- One target of one campaign. status: pending (not yet dialed), dialing (an attempt is up), retry (next attempt due at
-- next_attempt_at) or a final outcome (completed, partial, refused, no-answer, busy, failed, invalid-number).
-- Re-importing a list updates name and consent but never status or attempts.
CREATE TABLE IF NOT EXISTS campaign_target (
    id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    company_id VARCHAR(32) NOT NULL,
    campaign_id VARCHAR(32) NOT NULL,
    phone VARCHAR(20) NOT NULL,
    name VARCHAR(100) NULL,
    consent BOOLEAN NOT NULL,
    consent_date DATE NULL,
    status VARCHAR(16) NOT NULL,
    attempts INT NOT NULL,
    next_attempt_at DATETIME(3) NULL,
    imported_at DATETIME(3) NOT NULL,
    updated_at DATETIME(3) NOT NULL,
    CONSTRAINT uq_campaign_target UNIQUE (company_id, campaign_id, phone)
);
CREATE INDEX IF NOT EXISTS ix_campaign_target_due ON campaign_target (company_id, campaign_id, status, next_attempt_at);

-- One dial attempt. The unique key (campaign, phone, attempt_no) is what prevents a double dial of one attempt: an
-- engine inserts the row BEFORE it originates and dials only if its insert succeeded, so a second engine (or the same
-- engine after kill -9 and restart) that tries the same attempt fails on the key and dials nobody.
-- result: the final result of the attempt (completed, partial, refused, busy, no_answer, congestion, failed,
-- invalid_number); NULL while the attempt is up. asterisk_result: Asterisk's own words (OriginateResponse reason, cause).
CREATE TABLE IF NOT EXISTS campaign_attempt (
    id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    company_id VARCHAR(32) NOT NULL,
    campaign_id VARCHAR(32) NOT NULL,
    phone VARCHAR(20) NOT NULL,
    attempt_no INT NOT NULL,
    engine_node VARCHAR(64) NULL,
    started_at DATETIME(3) NOT NULL,
    ended_at DATETIME(3) NULL,
    result VARCHAR(16) NULL,
    asterisk_result VARCHAR(64) NULL,
    CONSTRAINT uq_campaign_attempt UNIQUE (company_id, campaign_id, phone, attempt_no)
);
CREATE INDEX IF NOT EXISTS ix_campaign_attempt_open ON campaign_attempt (ended_at, started_at);

-- Numbers never to be called. company_id NULL: for every company (global); otherwise for that company only.
CREATE TABLE IF NOT EXISTS do_not_call (
    id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    company_id VARCHAR(32) NULL,
    phone VARCHAR(20) NOT NULL,
    reason VARCHAR(200) NULL,
    added_at DATETIME(3) NOT NULL
);
CREATE INDEX IF NOT EXISTS ix_do_not_call_phone ON do_not_call (phone, company_id);
