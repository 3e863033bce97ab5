-- Nothing lost (issue #12): a value longer than its column is stored, never refused for good.
-- Numbers are stored whole: a SIP caller id (From user) has no length limit Asterisk enforces, and a call whose caller
-- number did not fit VARCHAR(32) used to be refused by the database (SQLState 22001) and so missing from the records and
-- from billing. 255 characters hold any caller id a SIP URI user part carries in practice.
-- The other text columns of call_record and asterisk_call keep their widths: the stores cut a longer value to the column
-- and set truncated = TRUE on the row (see CallRecordStore, AsteriskCallStore), so the call is still counted.
-- Portable SQL: MariaDB and H2 (MODE=MariaDB) both run ALTER TABLE ... MODIFY COLUMN.
ALTER TABLE call_record MODIFY COLUMN caller_number VARCHAR(255) NULL;
ALTER TABLE call_record MODIFY COLUMN dialed_number VARCHAR(255) NULL;
ALTER TABLE call_record ADD COLUMN truncated BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE asterisk_call MODIFY COLUMN caller_number VARCHAR(255) NULL;
ALTER TABLE asterisk_call MODIFY COLUMN dialed_number VARCHAR(255) NULL;
ALTER TABLE asterisk_call ADD COLUMN truncated BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE callback_request MODIFY COLUMN callback_number VARCHAR(255) NOT NULL;
ALTER TABLE happy_call MODIFY COLUMN dial_number VARCHAR(255) NOT NULL;
