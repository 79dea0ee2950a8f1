-- rsp-lab SM-DP schema, version 9 (SQLite and PostgreSQL): the SGP.02 SM-DP's downloads
-- (ES2.DownloadProfile, SGP.02 3.1): the operator and its request's addressing, the eUICC
-- and its SM-SR, the profile, how far the download went ('accepted', 'isdp-created',
-- 'downloaded', 'installed', 'enabled', 'failed'), the ISD-P's AID once created (hex),
-- and how it ended (the status reported to the operator). A profile's MSISDN, when the
-- operator gave one (ES2.UpdateSubscriptionAddress): the SGP.02 SM-DP reports it with the
-- IMSI in ES3.ProfileDownloadCompleted (SGP.02 3.1.3), the SM-SR's address of the eUICC.
CREATE TABLE sgp02_downloads (
    id TEXT PRIMARY KEY,
    operator TEXT NOT NULL,
    eid TEXT NOT NULL,
    smsr_id TEXT NOT NULL,
    iccid TEXT NOT NULL,
    enable_profile BIGINT NOT NULL,
    state TEXT NOT NULL,
    isd_p_aid TEXT,
    reply_to TEXT,
    message_id TEXT,
    outcome TEXT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX sgp02_downloads_state ON sgp02_downloads (state);
ALTER TABLE profiles ADD COLUMN msisdn TEXT;
