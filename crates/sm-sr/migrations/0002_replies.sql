-- The asynchronous responses owed at a requester's ReplyTo (SGP.02 5; WS-Addressing 1.0
-- Core 3.4): one row per finished operation once its delivery was tried. 'pending' is
-- tried again from next_at, 'sent' was answered 2xx, 'failed' ran out of attempts.
CREATE TABLE replies (
    operation_id TEXT PRIMARY KEY,
    state TEXT NOT NULL,
    attempts BIGINT NOT NULL,
    next_at BIGINT NOT NULL
);
