-- Nothing lost (issue #12): the agent who answered, as Asterisk's CDR says it (the endpoint of dstchannel, e.g.
-- PJSIP/2201-0000001a gives 2201). A call answered while the AMI link was away (AgentConnect never heard) takes its agent
-- from here when its end is settled from the CDR. Merged like the other text columns: the smallest non-null value.
ALTER TABLE asterisk_call ADD COLUMN agent_id VARCHAR(64) NULL;
