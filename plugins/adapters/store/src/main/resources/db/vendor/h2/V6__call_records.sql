-- Call records (R11, CGV 9.2), H2: the same tables and columns as db/vendor/postgresql/V6__call_records.sql (read its
-- comments), without partitions (an embedded database holds one small operator's records), the append-only guard
-- as a Java trigger (io.callguard.store.AppendOnlyTrigger), which lets a DELETE through only in a session whose
-- @CALLGUARD_PURGE variable is 'on' (set by the purge, for its own statement).
-- CASE rather than IN (...) in checks: see trunk_kind_known in V1.
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
    CONSTRAINT record_entry_pk PRIMARY KEY (node, seq),
    CONSTRAINT record_entry_kind_known CHECK ((CASE kind WHEN 'CALL' THEN 1 WHEN 'GAP' THEN 1 ELSE 0 END) = 1),
    CONSTRAINT record_entry_call_complete CHECK (kind <> 'CALL' OR (unique_id IS NOT NULL AND account_id IS NOT NULL
        AND direction IS NOT NULL AND ended_at IS NOT NULL AND disposition IS NOT NULL AND adopted IS NOT NULL)),
    CONSTRAINT record_entry_gap_complete CHECK (kind <> 'GAP' OR (gap_to IS NOT NULL AND gap_reason IS NOT NULL))
);

CREATE INDEX record_entry_account_idx ON record_entry (account_id, started_at, node, seq);

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

CREATE TRIGGER record_entry_append_only BEFORE UPDATE, DELETE ON record_entry FOR EACH ROW
    CALL 'io.callguard.store.AppendOnlyTrigger';
CREATE TRIGGER record_checkpoint_append_only BEFORE UPDATE, DELETE ON record_checkpoint FOR EACH ROW
    CALL 'io.callguard.store.AppendOnlyTrigger';

-- H2 fires no trigger on TRUNCATE, but refuses to truncate a table that a foreign key references: these tables stay
-- empty and exist only for that.
CREATE TABLE record_entry_truncate_guard (
    node VARCHAR(100) NOT NULL,
    seq  BIGINT       NOT NULL,
    CONSTRAINT record_entry_truncate_guard_fk FOREIGN KEY (node, seq) REFERENCES record_entry (node, seq)
);
CREATE TABLE record_checkpoint_truncate_guard (
    node VARCHAR(100) NOT NULL,
    seq  BIGINT       NOT NULL,
    CONSTRAINT record_checkpoint_truncate_guard_fk FOREIGN KEY (node, seq) REFERENCES record_checkpoint (node, seq)
);
