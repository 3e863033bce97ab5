-- Web audit (docs/web.md): every login (ok or refused), logout and supervisor action, who did it and on what. The
-- action is written BEFORE it is carried out: an action whose row cannot be written is refused. Numbers are masked.
CREATE TABLE IF NOT EXISTS web_audit (
    id BIGINT AUTO_INCREMENT PRIMARY KEY,
    at DATETIME(3) NOT NULL,
    login VARCHAR(64) NOT NULL,
    role VARCHAR(16) NOT NULL,
    action VARCHAR(32) NOT NULL,
    target VARCHAR(128) NOT NULL,
    outcome VARCHAR(16) NOT NULL,
    detail VARCHAR(255) NOT NULL
);
CREATE INDEX idx_web_audit_at ON web_audit (at);
