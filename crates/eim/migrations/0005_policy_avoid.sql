-- rsp-lab eIM schema, version 5 (SQLite and PostgreSQL): operators the localization policy
-- avoids (a carrier that degrades). One row per rule; `owner` is the API operator that set
-- it ('' for the eIM's own operator: every device), `key` the operator's name in lower
-- case or its MCC-MNC, `rule` the rule as JSON (name, PLMN, profile types).
CREATE TABLE policy_avoid (
    owner TEXT NOT NULL,
    key TEXT NOT NULL,
    rule TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (owner, key)
);
