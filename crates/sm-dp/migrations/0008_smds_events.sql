-- rsp-lab SM-DP+ schema, version 8 (SQLite and PostgreSQL): the SM-DS at which an order's
-- Event is registered (SGP.22 5.3.2 smdsAddress, ES12.RegisterEvent 5.9.1), NULL for none;
-- and what an outbox entry is: an ES2+ progress report to an operator ('progress', its
-- destination the operator) or an ES12.DeleteEvent to an SM-DS ('es12.deleteEvent', its
-- destination the SM-DS address).
ALTER TABLE orders ADD COLUMN smds_address TEXT;
ALTER TABLE outbox ADD COLUMN kind TEXT NOT NULL DEFAULT 'progress';
