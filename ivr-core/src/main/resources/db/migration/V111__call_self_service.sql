-- One row per call that visited IVR self-service (issue 15), written by the self-service-writer (journaled first, like
-- call records; idempotent by linked_id). items: the item ids heard, comma-separated (case-status, case-lookup, hours,
-- faq:<id>); result: RESOLVED (heard an item and hung up), TO_AGENT (0 or silence), ABANDONED (hung up before any item).
-- Containment per company = RESOLVED / all rows ('ivr report', the wallboard).
CREATE TABLE IF NOT EXISTS call_self_service (
    linked_id VARCHAR(64) NOT NULL,
    company_id VARCHAR(32) NOT NULL,
    category VARCHAR(32) NULL,
    items VARCHAR(512) NOT NULL,
    result VARCHAR(16) NOT NULL,
    visited_at DATETIME(3) NOT NULL,
    CONSTRAINT pk_call_self_service PRIMARY KEY (linked_id)
);

CREATE INDEX idx_call_self_service_company ON call_self_service (company_id, visited_at);
