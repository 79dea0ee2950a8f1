-- rsp-lab SM-DP+ schema, version 1. Portable SQL for SQLite and PostgreSQL: TEXT and BIGINT
-- columns only (binary values as hex, flags as 0/1, times as Unix milliseconds).

-- A profile type: what an operator orders by name (ES2+ DownloadOrder profileType).
CREATE TABLE profile_types (
    name TEXT PRIMARY KEY,
    operator TEXT NOT NULL,
    service_provider_name TEXT NOT NULL,
    profile_name TEXT NOT NULL,
    profile_class BIGINT NOT NULL,
    template TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

-- One personalized profile. package_hex is the unprotected profile package (it holds Ki and
-- OPc: never logged). state follows SGP.22 5.3 (available, allocated, linked, confirmed,
-- released, downloaded, installed, enabled, disabled, deleted, unavailable, error).
CREATE TABLE profiles (
    iccid TEXT PRIMARY KEY,
    profile_type TEXT NOT NULL REFERENCES profile_types (name),
    imsi TEXT NOT NULL,
    state TEXT NOT NULL,
    package_hex TEXT NOT NULL,
    eid TEXT,
    error_reason TEXT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX profiles_by_type_state ON profiles (profile_type, state);

-- Every state a profile went through.
CREATE TABLE profile_history (
    iccid TEXT NOT NULL REFERENCES profiles (iccid),
    seq BIGINT NOT NULL,
    state TEXT NOT NULL,
    at BIGINT NOT NULL,
    detail TEXT,
    PRIMARY KEY (iccid, seq)
);

-- A download order (ES2+ DownloadOrder, ConfirmOrder). status: open, done, cancelled, failed.
CREATE TABLE orders (
    id TEXT PRIMARY KEY,
    iccid TEXT NOT NULL REFERENCES profiles (iccid),
    operator TEXT NOT NULL,
    eid TEXT,
    matching_id TEXT UNIQUE,
    cc_hash TEXT,
    cc_attempts BIGINT NOT NULL,
    download_attempts BIGINT NOT NULL,
    released BIGINT NOT NULL,
    status TEXT NOT NULL,
    expires_at BIGINT,
    bpp_hex TEXT,
    bpp_euicc_otpk TEXT,
    bpp_transaction_id TEXT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX orders_by_iccid ON orders (iccid, status);
CREATE INDEX orders_by_eid ON orders (eid, status);

-- An ES9+ RSP session, kept so that a restarted server continues it.
-- step: initiated, authenticated, bound, closed.
CREATE TABLE sessions (
    transaction_id TEXT PRIMARY KEY,
    step TEXT NOT NULL,
    server_address TEXT NOT NULL,
    euicc_challenge TEXT NOT NULL,
    server_challenge TEXT NOT NULL,
    euicc_info1 TEXT NOT NULL,
    ci_pkid TEXT NOT NULL,
    eid TEXT,
    euicc_cert TEXT,
    eum_cert TEXT,
    euicc_info2 TEXT,
    order_id TEXT,
    profile_metadata TEXT,
    smdp_signed2 TEXT,
    smdp_signature2 TEXT,
    euicc_otpk TEXT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);

-- Notifications received over ES9+.HandleNotification (PIR and others).
CREATE TABLE notifications (
    id TEXT PRIMARY KEY,
    eid TEXT NOT NULL,
    seq_number BIGINT NOT NULL,
    operation TEXT NOT NULL,
    iccid TEXT,
    transaction_id TEXT,
    outcome TEXT NOT NULL,
    body_hex TEXT NOT NULL,
    received_at BIGINT NOT NULL
);
CREATE INDEX notifications_by_eid ON notifications (eid, seq_number, operation);

-- ES2+.HandleDownloadProgressInfo calls waiting for the operator to accept them.
CREATE TABLE outbox (
    id TEXT PRIMARY KEY,
    operator TEXT NOT NULL,
    body TEXT NOT NULL,
    attempts BIGINT NOT NULL,
    next_attempt_at BIGINT NOT NULL,
    delivered_at BIGINT,
    last_error TEXT,
    created_at BIGINT NOT NULL,
    seq BIGINT NOT NULL
);
CREATE INDEX outbox_due ON outbox (delivered_at, next_attempt_at);
