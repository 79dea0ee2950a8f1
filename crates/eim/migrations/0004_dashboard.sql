-- rsp-lab eIM schema, version 4 (SQLite and PostgreSQL): what the fleet dashboard reads.
-- The device list is filtered by country and paged by EID (keyset), and found by ICCID;
-- the fleet's state per country is sampled once per day of the eIM's clock so exposure
-- can be drawn over time.

CREATE INDEX devices_by_country ON devices (last_country, eid);
CREATE INDEX device_profiles_by_iccid ON device_profiles (iccid);
CREATE INDEX operations_by_kind ON operations (kind, state, eid);

-- The fleet per country on one day (whole days of the eIM's clock since the epoch);
-- the last sample of the day wins.
CREATE TABLE fleet_samples (
    day BIGINT NOT NULL,
    country TEXT NOT NULL,               -- ISO 3166 alpha-2, '' when no network reported
    devices BIGINT NOT NULL,
    home BIGINT NOT NULL,                -- on the local profile of the country they are in
    roaming BIGINT NOT NULL,             -- in a country, not on its local profile
    localized BIGINT NOT NULL,           -- a local profile enabled (any country)
    exposed BIGINT NOT NULL,             -- roaming longer than the country allows
    attention BIGINT NOT NULL,           -- roaming after a failed localization
    at BIGINT NOT NULL,
    PRIMARY KEY (day, country)
);
