-- The delivery of the Handle*Notification calls owed to operators (SGP.02 5.5): attempts
-- made, when the next is due, and when the last attempt was given up (delivered_at stays
-- NULL then).
ALTER TABLE mno_notifications ADD COLUMN attempts BIGINT NOT NULL DEFAULT 0;
ALTER TABLE mno_notifications ADD COLUMN next_at BIGINT NOT NULL DEFAULT 0;
ALTER TABLE mno_notifications ADD COLUMN failed_at BIGINT;
