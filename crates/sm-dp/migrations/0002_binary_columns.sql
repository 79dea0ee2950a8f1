-- rsp-lab SM-DP+ schema, version 2 (SQLite): binary values as octets instead of hex text,
-- the indexes the ES9+ functions and the retention sweep look things up by.
-- SQLite keeps the declared types of version 1; a column of TEXT affinity stores octets as
-- they are given. Version 2 on PostgreSQL: 0002_binary_columns.postgres.sql.

UPDATE profiles SET package_hex = unhex(package_hex);
ALTER TABLE profiles RENAME COLUMN package_hex TO package;

UPDATE orders SET cc_hash = unhex(cc_hash), bpp_hex = unhex(bpp_hex),
    bpp_euicc_otpk = unhex(bpp_euicc_otpk), bpp_transaction_id = unhex(bpp_transaction_id);
ALTER TABLE orders RENAME COLUMN bpp_hex TO bpp;

UPDATE sessions SET transaction_id = unhex(transaction_id),
    euicc_challenge = unhex(euicc_challenge), server_challenge = unhex(server_challenge),
    euicc_info1 = unhex(euicc_info1), ci_pkid = unhex(ci_pkid), euicc_cert = unhex(euicc_cert),
    eum_cert = unhex(eum_cert), euicc_info2 = unhex(euicc_info2),
    profile_metadata = unhex(profile_metadata), smdp_signed2 = unhex(smdp_signed2),
    smdp_signature2 = unhex(smdp_signature2), euicc_otpk = unhex(euicc_otpk);
CREATE INDEX sessions_by_expiry ON sessions (expires_at);

UPDATE notifications SET transaction_id = unhex(transaction_id), body_hex = unhex(body_hex);
ALTER TABLE notifications RENAME COLUMN body_hex TO body;
CREATE INDEX notifications_by_transaction ON notifications (transaction_id);
CREATE INDEX outbox_by_delivery ON outbox (delivered_at);

-- A notification acts once: an installation result per transactionId, any other
-- notification per content (a re-sent notification is the same octets; a re-created eUICC
-- restarting its sequence numbers signs different ones).
ALTER TABLE notifications ADD COLUMN digest BLOB;
CREATE UNIQUE INDEX notifications_installation_once ON notifications (transaction_id)
    WHERE operation = 'install' AND outcome = 'applied';
CREATE UNIQUE INDEX notifications_other_once ON notifications (digest)
    WHERE operation <> 'install' AND outcome = 'applied';
