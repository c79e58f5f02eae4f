-- Per-account calls-per-second limit (R2's calls-per-second cap): NULL means the calls-per-second policy's default
-- (policy.calls-per-second.limit), 0 means no limit. Plain SQL that both H2 2.x and PostgreSQL 15 accept.

ALTER TABLE account ADD COLUMN calls_per_second INTEGER;
ALTER TABLE account ADD CONSTRAINT account_calls_per_second_not_negative CHECK (calls_per_second >= 0);
