-- Nothing lost (issue #12): agent state history goes through the durable journal (AgentHistoryWriter over DurableWriter),
-- which replays what a crash or an outage left. A replayed interval must not add a second row, so agent_state gets a
-- natural key: one agent is in one state from one instant (to the millisecond, DATETIME(3)) only once. The writer inserts
-- with ON DUPLICATE KEY UPDATE, so a replay rewrites the same row.
-- Rows doubled before this (none are expected: the old writer never retried a committed batch) are removed first, the
-- lowest id kept. The derived table lets MariaDB delete from the table it reads.
-- Portable SQL: MariaDB and H2 (MODE=MariaDB).
DELETE FROM agent_state WHERE id NOT IN (
    SELECT keep FROM (SELECT MIN(id) AS keep FROM agent_state GROUP BY agent_id, state, from_ts) kept);
ALTER TABLE agent_state ADD CONSTRAINT uq_agent_state_interval UNIQUE (agent_id, state, from_ts);
