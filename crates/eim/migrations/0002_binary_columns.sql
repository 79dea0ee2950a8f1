-- rsp-lab eIM schema, version 2 (SQLite): binary values as octets instead of hex text,
-- notifications deduplicated by the SHA-256 of their octets under a unique index, and the
-- indexes the retention sweep looks things up by. SQLite keeps the declared types of
-- version 1; a column of TEXT affinity stores octets as they are given. Version 2 on
-- PostgreSQL: 0002_binary_columns.postgres.sql.

UPDATE devices SET euicc_cert = unhex(euicc_cert), eum_cert = unhex(eum_cert),
    euicc_info1 = unhex(euicc_info1), euicc_info2 = unhex(euicc_info2);
UPDATE packages SET body = unhex(body), eim_transaction_id = unhex(eim_transaction_id),
    der = unhex(der), result = unhex(result);
UPDATE notifications SET der = unhex(der);
ALTER TABLE notifications ADD COLUMN digest BLOB;
CREATE UNIQUE INDEX notifications_once ON notifications (digest);
UPDATE relay_sessions SET transaction_id = unhex(transaction_id),
    eim_transaction_id = unhex(eim_transaction_id), server_challenge = unhex(server_challenge),
    ctx_params1 = unhex(ctx_params1), bpp_euicc_otpk = unhex(bpp_euicc_otpk);
CREATE INDEX relay_sessions_by_update ON relay_sessions (updated_at);
CREATE INDEX device_events_by_time ON device_events (at);
CREATE INDEX packages_by_result ON packages (state, result_at);
