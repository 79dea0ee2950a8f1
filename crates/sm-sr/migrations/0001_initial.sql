-- rsp-lab SM-SR schema, version 1 (SGP.02). Binary values as BLOB (BYTEA on PostgreSQL),
-- times as Unix milliseconds, booleans as 0/1.

-- An eUICC Information Set (SGP.02 5.1.1.2.1), registered by its EUM (ES1.RegisterEIS) or
-- imported from a card. What the SM-SR does not interpret (the EUM-signed information,
-- capabilities, certificates) is kept as the JSON it arrived in.
CREATE TABLE eis (
    eid TEXT PRIMARY KEY,
    eum_id TEXT NOT NULL,
    isd_r_aid BLOB NOT NULL,
    isd_r_tar BLOB NOT NULL,
    remaining_memory BIGINT NOT NULL,
    info TEXT NOT NULL,
    registered_at BIGINT NOT NULL,
    audited_at BIGINT
);

-- The ISD-R's key sets the SM-SR holds (SGP.02 2.2.5.1): SCP80 (KVN 01-0F), SCP81 PSKs
-- (KVN 40-4F). The SCP80 counter is the last one committed for a send (ETSI TS 102 225
-- 5.1.1); the next send takes a higher one.
CREATE TABLE isdr_keysets (
    eid TEXT NOT NULL,
    kvn BIGINT NOT NULL,
    kind TEXT NOT NULL,
    counter BIGINT NOT NULL,
    PRIMARY KEY (eid, kvn)
);

-- The keys of a key set (key identifier 1 KIc, 2 KID, 3 KIK for SCP80; the PSK for
-- SCP81), with their GlobalPlatform key type. Never logged.
CREATE TABLE isdr_keys (
    eid TEXT NOT NULL,
    kvn BIGINT NOT NULL,
    key_id BIGINT NOT NULL,
    key_type BIGINT NOT NULL,
    value BLOB NOT NULL,
    PRIMARY KEY (eid, kvn, key_id)
);

-- A profile of an EIS (SGP.02 5.1.1.2.2): its ISD-P, owner, state, Fall-Back Attribute,
-- POL2 and subscription address.
CREATE TABLE profiles (
    eid TEXT NOT NULL,
    iccid TEXT NOT NULL,
    isd_p_aid BLOB NOT NULL,
    mno_id TEXT NOT NULL,
    smdp_id TEXT NOT NULL,
    profile_type TEXT NOT NULL,
    state TEXT NOT NULL,
    fallback BIGINT NOT NULL,
    pol2 TEXT NOT NULL,
    msisdn TEXT,
    imsi TEXT,
    PRIMARY KEY (eid, iccid)
);
CREATE UNIQUE INDEX profiles_by_aid ON profiles (eid, isd_p_aid);

-- An ES4/ES3 function call in flight or finished: who asked (and where the asynchronous
-- response goes), its validity, its state and the FunctionExecutionStatus it ended with.
CREATE TABLE operations (
    id TEXT PRIMARY KEY,
    eid TEXT NOT NULL,
    function TEXT NOT NULL,
    iccid TEXT,
    requester TEXT NOT NULL,
    message_id TEXT,
    reply_to TEXT,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    state TEXT NOT NULL,
    subject_code TEXT,
    reason_code TEXT,
    response BLOB,
    finished_at BIGINT
);
CREATE INDEX operations_by_eid ON operations (eid, state);
CREATE INDEX operations_by_age ON operations (finished_at);

-- The ES5 command scripts an operation produced (TS 102 226 expanded format), committed
-- before they are sent, in the order they were decided (queue_pos); the SCP80 key set and
-- counter of the last send, for matching the PoR; the response script.
CREATE TABLE commands (
    operation_id TEXT NOT NULL,
    seq BIGINT NOT NULL,
    queue_pos BIGINT NOT NULL,
    tar BLOB NOT NULL,
    script BLOB NOT NULL,
    state TEXT NOT NULL,
    attempts BIGINT NOT NULL,
    kvn BIGINT,
    counter BIGINT,
    sent_at BIGINT,
    response BLOB,
    PRIMARY KEY (operation_id, seq)
);
CREATE INDEX commands_by_state ON commands (state);
CREATE UNIQUE INDEX commands_by_position ON commands (queue_pos);

-- Default Notifications received (SGP.02 3.15), one per eUICC and sequence number, so a
-- repeated one is confirmed again without being applied twice.
CREATE TABLE notifications (
    eid TEXT NOT NULL,
    seq BIGINT NOT NULL,
    kind BIGINT NOT NULL,
    isd_p_aid BLOB,
    received_at BIGINT NOT NULL,
    PRIMARY KEY (eid, seq)
);
CREATE INDEX notifications_by_age ON notifications (received_at);

-- Handle*Notification calls owed to operators (SGP.02 5.5, ES4 notifications), recorded in
-- the transaction that changed the EIS.
CREATE TABLE mno_notifications (
    id TEXT PRIMARY KEY,
    recipient TEXT NOT NULL,
    function TEXT NOT NULL,
    eid TEXT NOT NULL,
    iccid TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    delivered_at BIGINT
);
CREATE INDEX mno_notifications_by_age ON mno_notifications (created_at);
