-- The last position given in the command queue, in one row: a transaction that queues a
-- command increments it, so concurrent writers (PostgreSQL runs them at READ COMMITTED)
-- wait for each other's row lock and take positions one after the other instead of
-- reading the same MAX(queue_pos).
CREATE TABLE command_queue (last_pos BIGINT NOT NULL);
INSERT INTO command_queue (last_pos) SELECT COALESCE(MAX(queue_pos), 0) FROM commands;

-- What a sender looks for on every pass: the queued commands and the sent ones whose
-- wait for a PoR may be over.
CREATE INDEX commands_due ON commands (state, sent_at);
