-- rsp-lab SM-DP+ schema, version 2 (PostgreSQL): binary values as BYTEA instead of hex
-- text, the indexes the ES9+ functions and the retention sweep look things up by.

ALTER TABLE profiles ALTER COLUMN package_hex TYPE BYTEA USING decode(package_hex, 'hex');
ALTER TABLE profiles RENAME COLUMN package_hex TO package;

ALTER TABLE orders ALTER COLUMN cc_hash TYPE BYTEA USING decode(cc_hash, 'hex'),
    ALTER COLUMN bpp_hex TYPE BYTEA USING decode(bpp_hex, 'hex'),
    ALTER COLUMN bpp_euicc_otpk TYPE BYTEA USING decode(bpp_euicc_otpk, 'hex'),
    ALTER COLUMN bpp_transaction_id TYPE BYTEA USING decode(bpp_transaction_id, 'hex');
ALTER TABLE orders RENAME COLUMN bpp_hex TO bpp;

ALTER TABLE sessions ALTER COLUMN transaction_id TYPE BYTEA USING decode(transaction_id, 'hex'),
    ALTER COLUMN euicc_challenge TYPE BYTEA USING decode(euicc_challenge, 'hex'),
    ALTER COLUMN server_challenge TYPE BYTEA USING decode(server_challenge, 'hex'),
    ALTER COLUMN euicc_info1 TYPE BYTEA USING decode(euicc_info1, 'hex'),
    ALTER COLUMN ci_pkid TYPE BYTEA USING decode(ci_pkid, 'hex'),
    ALTER COLUMN euicc_cert TYPE BYTEA USING decode(euicc_cert, 'hex'),
    ALTER COLUMN eum_cert TYPE BYTEA USING decode(eum_cert, 'hex'),
    ALTER COLUMN euicc_info2 TYPE BYTEA USING decode(euicc_info2, 'hex'),
    ALTER COLUMN profile_metadata TYPE BYTEA USING decode(profile_metadata, 'hex'),
    ALTER COLUMN smdp_signed2 TYPE BYTEA USING decode(smdp_signed2, 'hex'),
    ALTER COLUMN smdp_signature2 TYPE BYTEA USING decode(smdp_signature2, 'hex'),
    ALTER COLUMN euicc_otpk TYPE BYTEA USING decode(euicc_otpk, 'hex');
CREATE INDEX sessions_by_expiry ON sessions (expires_at);

ALTER TABLE notifications ALTER COLUMN transaction_id TYPE BYTEA USING decode(transaction_id, 'hex'),
    ALTER COLUMN body_hex TYPE BYTEA USING decode(body_hex, 'hex');
ALTER TABLE notifications RENAME COLUMN body_hex TO body;
CREATE INDEX notifications_by_transaction ON notifications (transaction_id);
CREATE INDEX outbox_by_delivery ON outbox (delivered_at);

-- A notification acts once: an installation result per transactionId, any other
-- notification per content (a re-sent notification is the same octets; a re-created eUICC
-- restarting its sequence numbers signs different ones).
ALTER TABLE notifications ADD COLUMN digest BYTEA;
CREATE UNIQUE INDEX notifications_installation_once ON notifications (transaction_id)
    WHERE operation = 'install' AND outcome = 'applied';
CREATE UNIQUE INDEX notifications_other_once ON notifications (digest)
    WHERE operation <> 'install' AND outcome = 'applied';
