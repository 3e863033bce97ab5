-- Agent state history: one row per closed interval (agent, state, reason, from_ts, to_ts), written by
-- AgentHistoryWriter off the call path when the state changes. The current state (the open interval) is in the
-- engine's memory and at GET /api/live. Times are UTC, DATETIME(3) as in call_record.
-- state: LOGGED_OUT, AVAILABLE, ON_CALL, PAUSED; reason: the pause reason name (agent-states.yaml), else NULL.
-- Portable SQL: MariaDB (InnoDB) and H2 in MODE=MariaDB.
CREATE TABLE agent_state (
    id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    agent_id VARCHAR(16) NOT NULL,
    state VARCHAR(16) NOT NULL,
    reason VARCHAR(64) NULL,
    from_ts DATETIME(3) NOT NULL,
    to_ts DATETIME(3) NOT NULL,
    engine_node VARCHAR(64) NULL
);

CREATE INDEX idx_agent_state_agent_from ON agent_state (agent_id, from_ts);
