-- Asterisk's own view of every call (ascc.core.cdr), from the CDRs Asterisk sends over AMI (cdr_manager), one row per
-- linkedid. Metering counts a call from call_record when the engine recorded it, and from this table when it did not
-- (engine down: the dialplan's fallback queue), so every call Asterisk saw is counted exactly once.
-- A call has several CDRs (caller leg, one per agent rung): each is merged into the row with order-free rules (earliest
-- start, latest end, answered if any leg was answered by an agent, longest talk, smallest non-null number), so replayed,
-- reordered or doubled CDRs (two engines, AMI reconnect, spool replay after a database outage) change nothing.
-- Times are UTC DATETIME(3). caller_number is the full number; it is never logged unmasked.
CREATE TABLE IF NOT EXISTS asterisk_call (
    linked_id VARCHAR(64) NOT NULL PRIMARY KEY,
    unique_id VARCHAR(64) NULL,
    company_id VARCHAR(32) NULL,
    dialed_number VARCHAR(32) NULL,
    caller_number VARCHAR(32) NULL,
    started_at DATETIME(3) NOT NULL,
    answered_at DATETIME(3) NULL,
    ended_at DATETIME(3) NULL,
    answered SMALLINT NOT NULL,
    talk_ms BIGINT NOT NULL,
    disposition VARCHAR(200) NULL,
    engine_node VARCHAR(64) NULL
);

-- Metering reads a month by started_at; the covering index lets it count without touching the rows.
CREATE INDEX IF NOT EXISTS idx_asterisk_call_billing ON asterisk_call (started_at, company_id, answered, talk_ms);
