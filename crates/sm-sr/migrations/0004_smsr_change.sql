-- SM-SR change (SGP.02 3.8): the eUICCs this SM-SR is handing over (role 'source', SM-SR1:
-- locked, HandoverEUICC sent to `peer` until it answers) or is prepared to take over (role
-- 'target', SM-SR2: ES4.PrepareSMSRChange named `peer` as the current SM-SR).
CREATE TABLE smsr_changes (
    eid TEXT PRIMARY KEY,
    role TEXT NOT NULL,
    peer TEXT NOT NULL,
    requester TEXT NOT NULL,
    operation_id TEXT,
    attempts BIGINT NOT NULL,
    next_at BIGINT NOT NULL,
    created_at BIGINT NOT NULL
);
