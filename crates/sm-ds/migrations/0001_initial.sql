-- rsp-lab SM-DS schema, version 1. Binary values as BLOB (BYTEA on PostgreSQL), times as
-- Unix milliseconds.

-- An Event Record (SGP.22 5.9.1): the RSP server an eUICC is to contact, registered over
-- ES12 by an SM-DP+ (or over ES15 by an alternative SM-DS), the registrant named by its TLS
-- client certificate. The key starts with the EID, so ES11's lookup reads one key range
-- whatever the table's size.
CREATE TABLE events (
    eid TEXT NOT NULL,
    registrant TEXT NOT NULL,
    event_id TEXT NOT NULL,
    rsp_server_address TEXT NOT NULL,
    forwarding BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (eid, registrant, event_id)
);
CREATE INDEX events_by_age ON events (created_at);

-- An ES11 session between InitiateAuthentication and AuthenticateClient (SGP.22 5.8):
-- what serverSigned1 said, which euiccSigned1 must echo. AuthenticateClient deletes it, so
-- a transactionId is answered once.
CREATE TABLE sessions (
    transaction_id BLOB PRIMARY KEY,
    server_address TEXT NOT NULL,
    server_challenge BLOB NOT NULL,
    ci_pkid BLOB NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX sessions_by_expiry ON sessions (expires_at);
