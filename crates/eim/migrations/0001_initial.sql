-- rsp-lab eIM (SGP.32 v1.2) schema. Portable between SQLite and PostgreSQL: TEXT and BIGINT
-- only, binary data as hex, booleans as 0/1, times as Unix milliseconds of the eIM's clock.

-- One row per registered eUICC (SGP.32 v1.2 2.11: the eIM's view of an associated eUICC).
CREATE TABLE devices (
    eid TEXT PRIMARY KEY,
    operator TEXT NOT NULL,              -- who registered it (operator API client CN)
    eim_id TEXT NOT NULL,                -- eimId of this eIM in the eUICC's configuration
    counter_value BIGINT NOT NULL,       -- last counterValue used; the next package takes more
    association_token BIGINT,            -- from AddInitialEim / addEim / IpaEuiccData
    euicc_cert TEXT,                     -- CERT.EUICC.ECDSA, hex DER
    eum_cert TEXT,                       -- CERT.EUM.ECDSA, hex DER
    euicc_info1 TEXT,                    -- EUICCInfo1 (BF20), hex DER
    euicc_info2 TEXT,                    -- SGP32-EUICCInfo2 (BF22), hex DER
    default_smdp_address TEXT,
    enabled_iccid TEXT,
    fallback_iccid TEXT,
    bootstrap_iccid TEXT,                -- the profile it shipped with
    localized_country TEXT,              -- country whose local profile is enabled
    last_plmn TEXT,                      -- last rPLMN, MCC-MNC
    last_country TEXT,
    country_since BIGINT,                -- first report in last_country, continuously
    last_seen BIGINT,
    last_state_change TEXT,              -- last stateChangeCause reported
    package_seq BIGINT NOT NULL,         -- last package queue position used
    event_seq BIGINT NOT NULL,           -- last history entry number used
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

-- Profiles as the eIM last learnt them (listProfileInfo, PSMO results, notifications).
CREATE TABLE device_profiles (
    eid TEXT NOT NULL,
    iccid TEXT NOT NULL,
    state TEXT NOT NULL,                 -- enabled | disabled | installed
    fallback BIGINT NOT NULL,
    profile_name TEXT,
    service_provider TEXT,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (eid, iccid)
);

-- Where a device was: one row per change of serving network.
CREATE TABLE device_locations (
    eid TEXT NOT NULL,
    seq BIGINT NOT NULL,
    at BIGINT NOT NULL,
    plmn TEXT NOT NULL,
    country TEXT,
    PRIMARY KEY (eid, seq)
);

-- What happened to a device (registration, state changes, results, refusals).
CREATE TABLE device_events (
    eid TEXT NOT NULL,
    seq BIGINT NOT NULL,
    at BIGINT NOT NULL,
    kind TEXT NOT NULL,
    detail TEXT NOT NULL,
    PRIMARY KEY (eid, seq)
);

-- Operator (or policy) requests: queued -> sent -> done | error, or cancelled.
CREATE TABLE operations (
    id TEXT PRIMARY KEY,
    eid TEXT NOT NULL,
    requester TEXT NOT NULL,
    kind TEXT NOT NULL,
    params TEXT NOT NULL,                -- JSON
    state TEXT NOT NULL,
    step TEXT,                           -- composite operations (localize)
    data TEXT NOT NULL,                  -- JSON working data of composite operations
    result TEXT,                         -- JSON
    error TEXT,
    country TEXT,                        -- localize: the country it is for
    created_at BIGINT NOT NULL,
    sent_at BIGINT,
    finished_at BIGINT,
    updated_at BIGINT NOT NULL,
    next_action_at BIGINT                -- wall-clock ms of the next ES2+ attempt
);
CREATE INDEX operations_by_eid ON operations (eid, created_at);
CREATE INDEX operations_by_state ON operations (state, step);

-- eIM Packages for one eUICC, in queue order: queued -> sent -> done | failed | cancelled.
-- An eUICC Package gets its counterValue and signature at its first delivery and keeps
-- them: a re-delivery sends the same octets.
CREATE TABLE packages (
    id TEXT PRIMARY KEY,
    eid TEXT NOT NULL,
    seq BIGINT NOT NULL,
    operation_id TEXT,
    kind TEXT NOT NULL,                  -- euicc-package | ipa-euicc-data | download-trigger
    body TEXT NOT NULL,                  -- hex DER: EuiccPackage, or the whole request
    eim_transaction_id TEXT NOT NULL,    -- hex
    counter_value BIGINT,
    der TEXT,                            -- hex DER of the message as delivered
    state TEXT NOT NULL,
    deliveries BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    first_sent_at BIGINT,
    last_sent_at BIGINT,
    result_at BIGINT,
    result TEXT,                         -- hex DER of the result as received
    summary TEXT,                        -- JSON of the result
    seq_number BIGINT,                   -- seqNumber of a signed result (acknowledged)
    flag TEXT                            -- e.g. bad-signature, unanswered
);
CREATE UNIQUE INDEX packages_by_position ON packages (eid, seq);
CREATE UNIQUE INDEX packages_by_counter ON packages (eid, counter_value);
CREATE UNIQUE INDEX packages_by_transaction ON packages (eim_transaction_id);
CREATE INDEX packages_by_state ON packages (eid, state, seq);

-- Notifications received over ESipa, in SGP.22 form, and their forwarding to the SM-DP+.
CREATE TABLE notifications (
    id TEXT PRIMARY KEY,
    eid TEXT,
    seq_number BIGINT,
    event TEXT NOT NULL,
    iccid TEXT,
    address TEXT NOT NULL,               -- notificationAddress
    der TEXT NOT NULL,                   -- hex DER of the SGP.22 PendingNotification
    received_at BIGINT NOT NULL,
    forward_state TEXT NOT NULL,         -- pending | forwarded | failed
    attempts BIGINT NOT NULL,
    next_attempt_at BIGINT NOT NULL,     -- wall-clock ms
    forwarded_at BIGINT,
    error TEXT
);
CREATE INDEX notifications_by_state ON notifications (forward_state, next_attempt_at);

-- Indirect downloads the eIM relays to an SM-DP+ over ES9+ (SGP.32 v1.2 5.14).
CREATE TABLE relay_sessions (
    transaction_id TEXT PRIMARY KEY,     -- hex, the SM-DP+'s
    eid TEXT,
    smdp_address TEXT NOT NULL,
    eim_transaction_id TEXT,
    server_challenge TEXT,               -- hex
    smdp_oid TEXT,
    ctx_params1 TEXT,                    -- hex DER, when the eIM supplied it
    iccid TEXT,
    bpp_euicc_otpk TEXT,                 -- hex
    state TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
