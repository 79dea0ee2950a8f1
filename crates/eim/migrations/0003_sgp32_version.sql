-- rsp-lab eIM schema, version 3 (SQLite and PostgreSQL alike): the SGP.32 generation a
-- device's IPA speaks on ESipa, '1.0' or '1.2', as last learnt from a message that only one
-- generation reads; NULL until then (the eUICC's declared version in euicc_info2 applies,
-- else v1.2). See eim/src/esipa/generation.rs.
ALTER TABLE devices ADD COLUMN sgp32_version TEXT;
