-- Monthly billing (ascc.core.billing). Every table has a `ledger` column: "main" is the program's books; tests and
-- benchmarks close months in their own ledgers and delete only those rows. Money is whole KRW (BIGINT).
-- Closed rows are never updated: a close inserts, a second close of the same month finds billing_close and stops.
-- IF NOT EXISTS keeps the migration re-runnable when a test drops schema_migrations but not these tables.

-- One row per closed month: the program summary. Its primary key makes a concurrent second close fail, not double.
CREATE TABLE IF NOT EXISTS billing_close (
    ledger VARCHAR(64) NOT NULL,
    bill_month CHAR(7) NOT NULL,
    closed_at DATETIME(3) NOT NULL,
    companies INT NOT NULL,
    offered BIGINT NOT NULL,
    answered BIGINT NOT NULL,
    unattributed BIGINT NOT NULL,
    labor_basis BIGINT NOT NULL,
    subsidy_total BIGINT NOT NULL,
    company_total BIGINT NOT NULL,
    adjustments BIGINT NOT NULL,
    total_due BIGINT NOT NULL,
    PRIMARY KEY (ledger, bill_month)
);

-- One immutable statement per company and month.
CREATE TABLE IF NOT EXISTS billing_statement (
    ledger VARCHAR(64) NOT NULL,
    company_id VARCHAR(32) NOT NULL,
    company_name VARCHAR(200) NOT NULL,
    bill_month CHAR(7) NOT NULL,
    tier VARCHAR(32) NOT NULL,
    fte_milli INT NOT NULL,
    labor_basis BIGINT NOT NULL,
    government_share BIGINT NOT NULL,
    company_share BIGINT NOT NULL,
    base_fee BIGINT NOT NULL,
    survey_charge BIGINT NOT NULL,
    adjustments BIGINT NOT NULL,
    total_due BIGINT NOT NULL,
    closed_at DATETIME(3) NOT NULL,
    PRIMARY KEY (ledger, company_id, bill_month)
);

-- The lines of a statement, in order: usage counts (amount 0), labor basis and subsidy (shown, not due), charges and
-- adjustments for late usage (due: total_due is the sum of the CHARGE and ADJUSTMENT lines).
CREATE TABLE IF NOT EXISTS billing_line (
    ledger VARCHAR(64) NOT NULL,
    company_id VARCHAR(32) NOT NULL,
    bill_month CHAR(7) NOT NULL,
    line_no INT NOT NULL,
    kind VARCHAR(24) NOT NULL,
    description VARCHAR(300) NOT NULL,
    quantity BIGINT NOT NULL,
    unit_price BIGINT NOT NULL,
    amount BIGINT NOT NULL,
    PRIMARY KEY (ledger, company_id, bill_month, line_no)
);

-- What was billed, per company and usage month, and on which statement (billed_month): the month's own close writes
-- the first row; a later close that finds more (late) usage for a closed month writes the difference, and the charge
-- difference, as another row. The sum over billed_month is what has been billed for the usage month.
CREATE TABLE IF NOT EXISTS billing_usage (
    ledger VARCHAR(64) NOT NULL,
    company_id VARCHAR(32) NOT NULL,
    usage_month CHAR(7) NOT NULL,
    billed_month CHAR(7) NOT NULL,
    offered BIGINT NOT NULL,
    answered BIGINT NOT NULL,
    abandoned BIGINT NOT NULL,
    after_hours BIGINT NOT NULL,
    callbacks BIGINT NOT NULL,
    voicemail BIGINT NOT NULL,
    talk_ms BIGINT NOT NULL,
    happy_calls BIGINT NOT NULL,
    survey_attempted BIGINT NOT NULL,
    survey_completed BIGINT NOT NULL,
    usage_charge BIGINT NOT NULL,
    PRIMARY KEY (ledger, company_id, usage_month, billed_month)
);

-- Metering reads a month of call_record by entered_at; this covering index lets it count without touching the rows.
CREATE INDEX IF NOT EXISTS idx_call_record_billing ON call_record (entered_at, company_id, outcome, talk_ms);
