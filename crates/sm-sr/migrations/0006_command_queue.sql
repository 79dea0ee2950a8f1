-- The last position given in the command queue, in one row: a transaction that queues a
-- command increments it, so concurrent writers (PostgreSQL runs them at READ COMMITTED)
-- wait for each other's row lock and take positions one after the other instead of
-- reading the same MAX(queue_pos).
CREATE TABLE command_queue (last_pos BIGINT NOT NULL);
INSERT INTO command_queue (last_pos) SELECT COALESCE(MAX(queue_pos), 0) FROM commands;

-- What a sender looks for on every pass: the queued commands and the sent ones whose
-- wait for a PoR may be over.
CREATE INDEX commands_due ON commands (state, sent_at);

-- A finished operation with a ReplyTo gets its 'pending' reply row when it finishes (not
-- at its first attempt), so the outbox finds what is due by the reply's next attempt
-- rather than walking every finished operation.
INSERT INTO replies (operation_id, state, attempts, next_at)
    SELECT o.id, 'pending', 0, o.finished_at FROM operations o
    WHERE o.reply_to IS NOT NULL AND o.finished_at IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM replies r WHERE r.operation_id = o.id);
CREATE INDEX replies_due ON replies (next_at) WHERE state = 'pending';

-- The notifications still owed, by recipient and next attempt.
CREATE INDEX mno_notifications_due ON mno_notifications (recipient, interface, next_at)
    WHERE delivered_at IS NULL AND failed_at IS NULL;

-- Who sent a short message: the profile with that MSISDN.
CREATE INDEX profiles_by_msisdn ON profiles (msisdn);
