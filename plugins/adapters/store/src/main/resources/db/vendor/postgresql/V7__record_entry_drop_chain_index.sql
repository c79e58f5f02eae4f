-- Call records, PostgreSQL: record_entry_chain_idx (node, seq) of V6 repeats the first two columns of the primary key
-- (node, seq, started_at), whose index already serves every read by node and seq (last: node = ? AND seq = ?; scan:
-- node = ? AND seq >= ? ORDER BY seq, a merge of the partitions' ordered index scans; purge: node = ? AND seq < ?).
-- Each append paid one more index insert per row for nothing (issue 13: the records' CPU per call). H2 has no such
-- index (its primary key is (node, seq)): no V7 there.
DROP INDEX IF EXISTS record_entry_chain_idx;
