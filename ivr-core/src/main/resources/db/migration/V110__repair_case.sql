-- Repair partners' cases for IVR self-service (issue 15): loaded by 'ivr cases import FILE.csv' and POST /api/cases,
-- idempotent by case_id (a case sent again replaces its row). phone is the customer's number normalised to digits
-- (personal data: never logged unmasked); the IVR finds a caller's open cases by (company_id, phone).
-- Imports of case files resume like campaign target imports: campaign_import rows with company_id '*' and
-- campaign_id 'repair-cases' (one per file SHA-256).
CREATE TABLE IF NOT EXISTS repair_case (
    case_id VARCHAR(20) NOT NULL,
    company_id VARCHAR(32) NOT NULL,
    phone VARCHAR(32) NOT NULL,
    product VARCHAR(100) NOT NULL,
    status VARCHAR(16) NOT NULL,
    expected_date DATE NULL,
    partner VARCHAR(100) NOT NULL,
    updated_at DATETIME(3) NOT NULL,
    CONSTRAINT pk_repair_case PRIMARY KEY (case_id)
);

CREATE INDEX idx_repair_case_phone ON repair_case (company_id, phone);
