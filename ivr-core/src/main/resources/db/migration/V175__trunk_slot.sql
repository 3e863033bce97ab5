-- The global trunk limit across engine nodes (docs/scale-out.md "Trunk slots"): one row per outbound call holding a
-- trunk channel (campaign attempt, happy-call, overflow/after-hours callback), on the box it was originated through.
-- call_key is what a hang-up names (the attempt's channel id, "cb-<callback id>"), so any node hearing it gives the slot
-- back; expires_at is computed from the DATABASE's clock and renewed by the holding node while it lives, so a dead
-- node's slots come back by themselves. Claims serialize on the one row of trunk_slot_lock (SELECT ... FOR UPDATE).
CREATE TABLE trunk_slot_lock (
    name VARCHAR(32) NOT NULL PRIMARY KEY
);
INSERT INTO trunk_slot_lock (name) VALUES ('trunk');
CREATE TABLE trunk_slot (
    call_key VARCHAR(96) NOT NULL PRIMARY KEY,
    box VARCHAR(32) NOT NULL,
    node VARCHAR(128) NOT NULL,
    kind VARCHAR(16) NOT NULL,
    claimed_at DATETIME(3) NOT NULL,
    expires_at DATETIME(3) NOT NULL
);
CREATE INDEX trunk_slot_node ON trunk_slot (node);
