-- Leases of once-only work among engine nodes (docs/scale-out.md): one row per kind of work ("overflow",
-- "staffing", "cdr:<box>", "billing"). owner is the holding node's id; token grows by one at every change of owner
-- (the fencing token each once-only write is checked against); expires_at is computed from the DATABASE's clock
-- (LOCALTIMESTAMP), never from a node's, so the nodes' clocks do not matter.
CREATE TABLE cluster_lease (
    name VARCHAR(64) NOT NULL PRIMARY KEY,
    owner VARCHAR(128) NOT NULL,
    token BIGINT NOT NULL,
    expires_at DATETIME(3) NOT NULL
);
