-- Call records (R11, CGV 9.2), PostgreSQL: the append-only hash chain of each callguard node and its signed
-- checkpoints. The H2 twin of this file is db/vendor/h2/V6__call_records.sql (same tables and columns, no
-- partitions, a Java trigger). Instants are TIMESTAMP(3) WITH TIME ZONE written truncated to the millisecond (see V3):
-- what is read back hashes as what was written.

-- One row per chain entry. kind CALL: every CallRecord field in a column (text fields '' when unknown, never NULL,
-- as CallRecord normalises them); kind GAP: gap_from (kept in started_at), gap_to, gap_reason.
-- Partitioned by month of started_at (a gap's from): the account-month query, the one that runs on tens of millions
-- of rows, reads one partition. PostgreSQL wants the partition key in every unique key, so the primary key is
-- (node, seq, started_at); (node, seq) cannot be unique across partitions, which is why the chain's head lives in
-- record_chain_head and every append moves it conditionally (two writers of one node: one wins).
CREATE TABLE record_entry (
    node              VARCHAR(100)                NOT NULL,
    seq               BIGINT                      NOT NULL,
    written_at        TIMESTAMP(3) WITH TIME ZONE NOT NULL,
    kind              VARCHAR(4)                  NOT NULL,
    started_at        TIMESTAMP(3) WITH TIME ZONE NOT NULL,
    unique_id         VARCHAR(150),
    linked_id         VARCHAR(150),
    account_id        VARCHAR(64),
    trunk_id          VARCHAR(100),
    direction         VARCHAR(16),
    caller            VARCHAR(1000),
    callee_dialled    VARCHAR(1000),
    callee_normalised VARCHAR(1000),
    category          VARCHAR(32),
    category_detail   VARCHAR(32),
    verdict           VARCHAR(16),
    reason            VARCHAR(100),
    answered_at       TIMESTAMP(3) WITH TIME ZONE,
    ended_at          TIMESTAMP(3) WITH TIME ZONE,
    billable_seconds  BIGINT,
    disposition       VARCHAR(16),
    cause             INTEGER,
    asterisk_node     VARCHAR(200),
    adopted           BOOLEAN,
    gap_to            TIMESTAMP(3) WITH TIME ZONE,
    gap_reason        VARCHAR(100),
    prev_hash         CHAR(64)                    NOT NULL,
    hash              CHAR(64)                    NOT NULL,
    CONSTRAINT record_entry_pk PRIMARY KEY (node, seq, started_at),
    CONSTRAINT record_entry_kind_known CHECK (kind IN ('CALL', 'GAP')),
    CONSTRAINT record_entry_call_complete CHECK (kind <> 'CALL' OR (unique_id IS NOT NULL AND account_id IS NOT NULL
        AND direction IS NOT NULL AND ended_at IS NOT NULL AND disposition IS NOT NULL AND adopted IS NOT NULL)),
    CONSTRAINT record_entry_gap_complete CHECK (kind <> 'GAP' OR (gap_to IS NOT NULL AND gap_reason IS NOT NULL))
) PARTITION BY RANGE (started_at);

-- The safety net: an entry whose month has no partition yet lands here rather than failing (the repository creates
-- the months ahead: at start, on a month change, and for any month it is about to write).
CREATE TABLE record_entry_default PARTITION OF record_entry DEFAULT;

-- byAccount: one account's calls in a time range, in cursor order.
CREATE INDEX record_entry_account_idx ON record_entry (account_id, started_at, node, seq);
-- scan and last: one node's chain in seq order.
CREATE INDEX record_entry_chain_idx ON record_entry (node, seq);

-- The head of each node's chain: what append moves, conditionally, in the same transaction as the rows.
CREATE TABLE record_chain_head (
    node      VARCHAR(100) NOT NULL,
    last_seq  BIGINT       NOT NULL,
    last_hash CHAR(64)     NOT NULL,
    CONSTRAINT record_chain_head_pk PRIMARY KEY (node)
);

CREATE TABLE record_checkpoint (
    node      VARCHAR(100)                NOT NULL,
    seq       BIGINT                      NOT NULL,
    head_hash CHAR(64)                    NOT NULL,
    at        TIMESTAMP(3) WITH TIME ZONE NOT NULL,
    key_id    VARCHAR(200)                NOT NULL,
    signature VARCHAR(200)                NOT NULL,
    CONSTRAINT record_checkpoint_pk PRIMARY KEY (node, seq)
);

-- Append-only: UPDATE and DELETE are refused (and TRUNCATE), whoever asks, unless the transaction is the purge's,
-- which sets callguard.purge to 'on' for itself (SET LOCAL, inside record_purge below). A superuser can still pass
-- (session_replication_role = replica, ALTER TABLE ... DISABLE TRIGGER): the hash chain and the signed checkpoints
-- are what make such an edit visible.
CREATE FUNCTION record_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' AND coalesce(current_setting('callguard.purge', true), '') = 'on' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'call records are append-only: % on % refused', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END;
$$;

-- Row triggers on the partitioned table are cloned onto every partition, present and future.
CREATE TRIGGER record_entry_append_only BEFORE UPDATE OR DELETE ON record_entry
    FOR EACH ROW EXECUTE FUNCTION record_refuse_change();
CREATE TRIGGER record_entry_no_truncate BEFORE TRUNCATE ON record_entry
    FOR EACH STATEMENT EXECUTE FUNCTION record_refuse_change();
CREATE TRIGGER record_checkpoint_append_only BEFORE UPDATE OR DELETE ON record_checkpoint
    FOR EACH ROW EXECUTE FUNCTION record_refuse_change();
CREATE TRIGGER record_checkpoint_no_truncate BEFORE TRUNCATE ON record_checkpoint
    FOR EACH STATEMENT EXECUTE FUNCTION record_refuse_change();

-- The purge (retention): removes a node's entries below p_before_seq, only when the checkpoint at p_before_seq - 1
-- is stored (it anchors what remains). SECURITY DEFINER: it runs with the rights of the tables' owner, so that the
-- service role can be granted EXECUTE on it and no DELETE at all (docs/rules/call-records.md, Storage).
CREATE FUNCTION record_purge(p_node VARCHAR, p_before_seq BIGINT) RETURNS INTEGER
    LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
DECLARE
    removed INTEGER;
BEGIN
    IF p_before_seq > 1 AND NOT EXISTS (SELECT 1 FROM record_checkpoint WHERE node = p_node AND seq = p_before_seq - 1) THEN
        RAISE EXCEPTION 'no checkpoint of node % at seq %: a purge needs the anchor of what remains', p_node, p_before_seq - 1
            USING ERRCODE = 'check_violation';
    END IF;
    PERFORM set_config('callguard.purge', 'on', true);
    DELETE FROM record_entry WHERE node = p_node AND seq < p_before_seq;
    GET DIAGNOSTICS removed = ROW_COUNT;
    PERFORM set_config('callguard.purge', '', true);
    RETURN removed;
END;
$$;

-- The month partition holding p_month (any instant of it), created when missing: SECURITY DEFINER for the same
-- reason (the service role needs no CREATE). Returns false when the month's rows already sit in the DEFAULT
-- partition (PostgreSQL then refuses the new partition; they stay there, still read and guarded).
CREATE FUNCTION record_ensure_partition(p_month TIMESTAMP WITH TIME ZONE) RETURNS BOOLEAN
    LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
DECLARE
    first_day TIMESTAMP := date_trunc('month', p_month AT TIME ZONE 'UTC');
    name      TEXT := 'record_entry_' || to_char(first_day, 'YYYY_MM');
BEGIN
    IF to_regclass(quote_ident(name)) IS NOT NULL THEN
        RETURN TRUE;
    END IF;
    EXECUTE format('CREATE TABLE IF NOT EXISTS %I PARTITION OF record_entry FOR VALUES FROM (%L) TO (%L)', name,
        first_day::text || '+00', (first_day + INTERVAL '1 month')::text || '+00');
    RETURN TRUE;
EXCEPTION
    WHEN check_violation THEN
        RETURN FALSE;
    WHEN duplicate_table OR unique_violation THEN
        RETURN TRUE; -- another node created it meanwhile
END;
$$;

-- Nobody but the owner and the roles it grants may purge or create partitions (PostgreSQL lets PUBLIC execute a new
-- function otherwise).
REVOKE ALL ON FUNCTION record_purge(VARCHAR, BIGINT) FROM PUBLIC;
REVOKE ALL ON FUNCTION record_ensure_partition(TIMESTAMP WITH TIME ZONE) FROM PUBLIC;
