-- rsp-lab SM-DS schema, version 2: the ES15 outbox of an alternative SM-DS (SGP.22 5.10).
-- A registration or deletion whose forwarding indicator asks for the root SM-DS is queued in
-- the transaction that records it here, and sent from this table until the root answers, so
-- a root that is down delays it and loses nothing. Claimed with a lease (lease_until), so
-- several instances send each entry once at a time.
CREATE TABLE forward_outbox (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    eid TEXT NOT NULL,
    event_id TEXT NOT NULL,
    rsp_server_address TEXT,
    attempts BIGINT NOT NULL,
    next_attempt_at BIGINT NOT NULL,
    lease_until BIGINT NOT NULL,
    failed BIGINT NOT NULL,
    last_error TEXT,
    created_at BIGINT NOT NULL
);
CREATE INDEX forward_outbox_due ON forward_outbox (failed, next_attempt_at);
CREATE INDEX forward_outbox_by_event ON forward_outbox (eid, event_id);
