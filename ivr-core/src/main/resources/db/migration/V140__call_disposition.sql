-- Agent desktop (issue #14): the disposition code and note an agent picks for a call after it (codes per desk,
-- desks.yaml). One row per call, keyed by the call's linkedid like call_record: the call record and its disposition are
-- written by two durable writers (call-writer at hang-up, disposition-writer when the agent saves), in either order, so
-- the disposition has its own row instead of columns the call record's upsert would overwrite. Reports join it by
-- linked_id. Saving again replaces the code and note (ON DUPLICATE KEY UPDATE), so a replayed journal line stores once.
-- company_id is the call's company when the agent saved (the portal and the screen pop filter on it).
-- Portable SQL: MariaDB and H2 (MODE=MariaDB).
CREATE TABLE IF NOT EXISTS call_disposition (
    linked_id VARCHAR(64) NOT NULL PRIMARY KEY,
    company_id VARCHAR(32) NULL,
    desk_id VARCHAR(32) NOT NULL,
    agent_id VARCHAR(16) NOT NULL,
    code VARCHAR(32) NOT NULL,
    note VARCHAR(1000) NULL,
    saved_at DATETIME(3) NOT NULL
);
CREATE INDEX IF NOT EXISTS ix_call_disposition_desk ON call_disposition (desk_id, saved_at);
-- the screen pop's history: a customer's previous calls by number
CREATE INDEX IF NOT EXISTS ix_call_record_caller ON call_record (caller_number, entered_at);
