-- rsp-lab SM-DP+ schema, version 5 (SQLite and PostgreSQL): what an order was given by its
-- operator, apart from what a download added later.
--
-- eid_by_operator: 1 when ES2+ DownloadOrder or ConfirmOrder named the EID (SGP.22 5.3.3:
-- CancelOrder must then name it too); 0 when the order has no EID or AuthenticateClient
-- bound it to the eUICC that downloaded (the operator never gave one).
-- max_attempts: the order's own cap on download attempts (`rsp-lab smdp order set`), NULL
-- for the SM-DP+'s policy (`max_download_attempts`).
-- Orders made before version 5 keep 0: CancelOrder does not ask them for an EID.
ALTER TABLE orders ADD COLUMN eid_by_operator BIGINT NOT NULL DEFAULT 0;
ALTER TABLE orders ADD COLUMN max_attempts BIGINT;
