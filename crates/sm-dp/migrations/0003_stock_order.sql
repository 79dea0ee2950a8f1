-- rsp-lab SM-DP+ schema, version 3 (SQLite and PostgreSQL): the next available profile of
-- a type (ES2+ DownloadOrder without an ICCID takes the lowest ICCID in stock) is read from
-- the index in ICCID order instead of sorting the whole stock of the type on every order,
-- which made each order cost time in proportion to the stock.

DROP INDEX profiles_by_type_state;
CREATE INDEX profiles_by_type_state ON profiles (profile_type, state, iccid);
