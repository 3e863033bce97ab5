-- Overflow: steps are recorded on the call (linked id as in call_record); callbacks that keep the caller's place are
-- dialed by the engine: kind (AFTER_HOURS | OVERFLOW), attempts made, and the last attempt's result (Dial's DIALSTATUS).
ALTER TABLE call_overflow_step ADD COLUMN linked_id VARCHAR(64) NULL;
ALTER TABLE callback_request ADD COLUMN kind VARCHAR(16) NOT NULL DEFAULT 'AFTER_HOURS';
ALTER TABLE callback_request ADD COLUMN attempts INT NOT NULL DEFAULT 0;
ALTER TABLE callback_request ADD COLUMN last_result VARCHAR(32) NULL;
