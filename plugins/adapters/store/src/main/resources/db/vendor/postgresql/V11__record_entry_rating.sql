-- Call records, PostgreSQL: each call's rating (R3, CGV 8.2) inside its record, so inside its hash (the canonical form
-- v2 of RecordHashes: a rated call's v1 lines then its rating's). All NULL for an unrated call, for a gap and for every
-- record written before this migration (their hashes, v1, never covered a rating): nothing to backfill, nothing
-- rehashed. The H2 twin is db/vendor/h2/V11__record_entry_rating.sql.
-- ADD COLUMN on the partitioned table adds it to every month partition (and the DEFAULT one) and to those
-- record_ensure_partition creates later; a nullable column without default changes no stored row.
ALTER TABLE record_entry
    ADD COLUMN rated_cents    NUMERIC(18, 4),
    ADD COLUMN tariff_plan    VARCHAR(100),
    ADD COLUMN plan_version   INTEGER,
    ADD COLUMN rate_id        VARCHAR(100),
    ADD COLUMN billed_seconds BIGINT;

-- A rating is whole or absent, on a call only, never negative (as io.callguard.core.rating.CallRating).
ALTER TABLE record_entry ADD CONSTRAINT record_entry_rating_complete CHECK (
    (rated_cents IS NULL AND tariff_plan IS NULL AND plan_version IS NULL AND rate_id IS NULL AND billed_seconds IS NULL)
    OR (kind = 'CALL' AND rated_cents >= 0 AND tariff_plan IS NOT NULL AND plan_version >= 1 AND rate_id IS NOT NULL
        AND billed_seconds >= 0));

-- ratedSince (the calls rated since the billing system's asOf, read at start for each account's outstanding amount):
-- by end, which the month partitions (by start) cannot prune, and only the rated rows, which is all this partial
-- index holds: an unrated record (every record before this migration, every inbound, unanswered or unplanned call)
-- costs no index insert at all.
CREATE INDEX record_entry_rated_idx ON record_entry (account_id, ended_at) WHERE rated_cents IS NOT NULL;
