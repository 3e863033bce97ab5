-- The call's recording, as the engine sees the file (recordings.yaml recordings.engine-dir/<company>/<yyyy>/<MM>/<dd>/<linkedid>.wav);
-- NULL when the company's policy does not record the call. Set at routing time: the path is deterministic, the file
-- exists once an agent answered. The retention job may delete the file later; the path then names a deleted recording.
ALTER TABLE call_record ADD COLUMN recording_path VARCHAR(512) NULL;
