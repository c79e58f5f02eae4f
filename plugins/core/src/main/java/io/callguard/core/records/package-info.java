/**
 * Call records (CGV 9.2, rule R11): what a finished call was ({@link CallRecord}), the entries of a node's
 * append-only hash chain ({@link RecordEntry}: a call or a gap), its signed {@link Checkpoint}s, the canonical form
 * and hash every writer and verifier share ({@link RecordHashes}), and the store port ({@link RecordRepository}).
 * Building records from call events, writing and verifying the chain live in the {@code call-records} rule module.
 */
package io.callguard.core.records;
