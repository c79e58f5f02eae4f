/**
 * The {@code call-records} rule module (R11, CGV 9.2): every call Asterisk carried on a client's line becomes a
 * {@link io.callguard.core.records.CallRecord} when it ends, chained into the node's append-only, hash-chained and
 * signed record journal, kept for the contract's retention and readable by the back office and by the client.
 */
package io.callguard.records;
