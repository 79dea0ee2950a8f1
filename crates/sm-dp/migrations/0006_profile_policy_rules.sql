-- rsp-lab SM-DP+ schema, version 6 (SQLite and PostgreSQL): a profile type's Profile
-- Policy Rules (SGP.22 2.9.1, StoreMetadata profilePolicyRules), set by the operator with
-- `rsp-lab smdp inventory rules`. A mask of PprIds bits: 2 = ppr1 (disabling not allowed),
-- 4 = ppr2 (deletion not allowed); 0 = none.
ALTER TABLE profile_types ADD COLUMN profile_policy_rules BIGINT NOT NULL DEFAULT 0;
