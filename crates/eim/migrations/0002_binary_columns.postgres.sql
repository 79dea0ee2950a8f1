-- rsp-lab eIM schema, version 2 (PostgreSQL): binary values as BYTEA instead of hex text,
-- notifications deduplicated by the SHA-256 of their octets under a unique index, and the
-- indexes the retention sweep looks things up by.

ALTER TABLE devices ALTER COLUMN euicc_cert TYPE BYTEA USING decode(euicc_cert, 'hex'),
    ALTER COLUMN eum_cert TYPE BYTEA USING decode(eum_cert, 'hex'),
    ALTER COLUMN euicc_info1 TYPE BYTEA USING decode(euicc_info1, 'hex'),
    ALTER COLUMN euicc_info2 TYPE BYTEA USING decode(euicc_info2, 'hex');
ALTER TABLE packages ALTER COLUMN body TYPE BYTEA USING decode(body, 'hex'),
    ALTER COLUMN eim_transaction_id TYPE BYTEA USING decode(eim_transaction_id, 'hex'),
    ALTER COLUMN der TYPE BYTEA USING decode(der, 'hex'),
    ALTER COLUMN result TYPE BYTEA USING decode(result, 'hex');
ALTER TABLE notifications ALTER COLUMN der TYPE BYTEA USING decode(der, 'hex');
ALTER TABLE notifications ADD COLUMN digest BYTEA;
CREATE UNIQUE INDEX notifications_once ON notifications (digest);
ALTER TABLE relay_sessions ALTER COLUMN transaction_id TYPE BYTEA USING decode(transaction_id, 'hex'),
    ALTER COLUMN eim_transaction_id TYPE BYTEA USING decode(eim_transaction_id, 'hex'),
    ALTER COLUMN server_challenge TYPE BYTEA USING decode(server_challenge, 'hex'),
    ALTER COLUMN ctx_params1 TYPE BYTEA USING decode(ctx_params1, 'hex'),
    ALTER COLUMN bpp_euicc_otpk TYPE BYTEA USING decode(bpp_euicc_otpk, 'hex');
CREATE INDEX relay_sessions_by_update ON relay_sessions (updated_at);
CREATE INDEX device_events_by_time ON device_events (at);
CREATE INDEX packages_by_result ON packages (state, result_at);
