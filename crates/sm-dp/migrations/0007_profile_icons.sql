-- rsp-lab SM-DP+ schema, version 7 (SQLite and PostgreSQL): a profile type's icon
-- (SGP.22 5.5.3 StoreMetadata iconType and icon, at most 1024 octets), set by the operator
-- with `rsp-lab smdp inventory icon`; NULL for none.
ALTER TABLE profile_types ADD COLUMN icon_type BIGINT;
ALTER TABLE profile_types ADD COLUMN icon BLOB;
