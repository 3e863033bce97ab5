-- Resumable target imports (ivr campaign import): one row per campaign and file (its SHA-256). Each batch of targets
-- and this row's last_line are committed together, so an import stopped half way (kill, database outage) resumes after
-- the last committed line when the same file is imported again. done marks a file imported to its end.
CREATE TABLE IF NOT EXISTS campaign_import (
    company_id VARCHAR(32) NOT NULL,
    campaign_id VARCHAR(32) NOT NULL,
    file_sha256 CHAR(64) NOT NULL,
    last_line INT NOT NULL,
    rows_written INT NOT NULL,
    done BOOLEAN NOT NULL,
    started_at DATETIME(3) NOT NULL,
    updated_at DATETIME(3) NOT NULL,
    CONSTRAINT pk_campaign_import PRIMARY KEY (company_id, campaign_id, file_sha256)
);
