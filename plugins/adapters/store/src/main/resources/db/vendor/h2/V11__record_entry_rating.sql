-- Call records, H2: each call's rating inside its record, as db/vendor/postgresql/V11__record_entry_rating.sql (read
-- its comments): NULL for an unrated call, a gap and every record written before; nothing rehashed.
ALTER TABLE record_entry ADD COLUMN rated_cents NUMERIC(18, 4);
ALTER TABLE record_entry ADD COLUMN tariff_plan VARCHAR(100);
ALTER TABLE record_entry ADD COLUMN plan_version INTEGER;
ALTER TABLE record_entry ADD COLUMN rate_id VARCHAR(100);
ALTER TABLE record_entry ADD COLUMN billed_seconds BIGINT;

ALTER TABLE record_entry ADD CONSTRAINT record_entry_rating_complete CHECK (
    (rated_cents IS NULL AND tariff_plan IS NULL AND plan_version IS NULL AND rate_id IS NULL AND billed_seconds IS NULL)
    OR (kind = 'CALL' AND rated_cents >= 0 AND tariff_plan IS NOT NULL AND plan_version >= 1 AND rate_id IS NOT NULL
        AND billed_seconds >= 0));

-- No index for ratedSince here (PostgreSQL has a partial one; H2 has no partial indexes, and a full one would cost every
-- record an index insert): it reads the account's rows through record_entry_account_idx, which an embedded database
-- of one small operator's records does quickly.
