-- rsp-lab SM-DP+ schema, version 4 (SQLite and PostgreSQL): fewer pages written per
-- download. Every page a transaction changes is written to the WAL at its commit (and once
-- more by the checkpoint); with these changes a TS.48 download writes 30.9 pages instead of
-- 47.7 (`bench download --concurrency 1`; 38.7 instead of 54.1 at concurrency 16).
--
-- A profile's package (the personalized DER, 12 KB for TS.48) moves from its row in
-- `profiles` to a table of its own: SQLite rewrites a whole row, overflow pages included,
-- whenever its length changes, so each change of the profile's state wrote the package
-- again.
CREATE TABLE profile_packages (
    iccid TEXT PRIMARY KEY REFERENCES profiles (iccid),
    package BLOB NOT NULL
);
INSERT INTO profile_packages (iccid, package) SELECT iccid, package FROM profiles;
ALTER TABLE profiles DROP COLUMN package;

-- A profile's state left out of its indexes' keys but for the stock: the partial index of
-- the available profiles of a type in ICCID order is what ES2+ DownloadOrder takes the next
-- one from, and a profile leaves it once; its later states (Released, Downloaded,
-- Installed, ...) no longer move it within an index. The same for an order's status.
DROP INDEX profiles_by_type_state;
CREATE INDEX profiles_by_type ON profiles (profile_type, iccid);
CREATE INDEX profiles_in_stock ON profiles (profile_type, iccid) WHERE state = 'available';
DROP INDEX orders_by_iccid;
CREATE INDEX orders_by_iccid ON orders (iccid);
DROP INDEX orders_by_eid;
CREATE INDEX orders_by_eid ON orders (eid);

-- Indexes no query reads, each written on every notification received; retention deletes
-- notifications by their receipt time, which had no index.
DROP INDEX notifications_by_eid;
DROP INDEX notifications_by_transaction;
CREATE INDEX notifications_by_receipt ON notifications (received_at);

-- The leading column of outbox_due (delivered_at, next_attempt_at) serves every lookup
-- by delivery.
DROP INDEX outbox_by_delivery;
