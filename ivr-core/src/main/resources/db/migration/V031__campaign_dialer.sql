-- The dialing engine of outbound campaigns (campaigns.yaml): answers per question, the run state per campaign, and
-- billability of an attempt. Portable SQL (MariaDB and H2 in MODE=MariaDB); times are UTC DATETIME(3).

-- One answer of one survey call: the DTMF key (scale 1..5; yes-no 1 yes, 2 no). The unique key keeps one answer per
-- question of an attempt.
CREATE TABLE IF NOT EXISTS survey_answer (
    id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    attempt_id BIGINT NOT NULL,
    company_id VARCHAR(32) NOT NULL,
    campaign_id VARCHAR(32) NOT NULL,
    question_id VARCHAR(32) NOT NULL,
    answer INT NOT NULL,
    answered_at DATETIME(3) NOT NULL,
    CONSTRAINT uq_survey_answer UNIQUE (attempt_id, question_id)
);
CREATE INDEX IF NOT EXISTS ix_survey_answer_campaign ON survey_answer (company_id, campaign_id);

-- Run state set by 'ivr campaign start|pause|resume': running or paused. No row: a survey campaign waits for 'start';
-- a happy-call campaign runs.
CREATE TABLE IF NOT EXISTS campaign_state (
    company_id VARCHAR(32) NOT NULL,
    campaign_id VARCHAR(32) NOT NULL,
    state VARCHAR(16) NOT NULL,
    changed_at DATETIME(3) NOT NULL,
    changed_by VARCHAR(64) NULL,
    PRIMARY KEY (company_id, campaign_id)
);

-- TRUE for a completed response of a survey campaign: what billing counts (happy-calls are never billable).
ALTER TABLE campaign_attempt ADD COLUMN billable BOOLEAN NOT NULL DEFAULT FALSE;
