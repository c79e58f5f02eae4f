package io.callguard.core.records;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * One link of a node's chain: sequence numbers start at 1 and have no gaps; {@code prevHash} is the hash of entry
 * {@code seq - 1} ({@link RecordHashes#GENESIS} for the first), {@code hash} the SHA-256 of this entry's canonical
 * form ({@link RecordHashes#canonical}), which includes {@code prevHash}. Exactly one of {@code call} and {@code gap}
 * is set.
 *
 * @param node      the callguard node whose chain this is
 * @param writtenAt when the writer chained it
 */
public record RecordEntry(String node, long seq, Instant writtenAt, CallRecord call, Gap gap, String prevHash,
                          String hash) {
    public RecordEntry {
        if (node == null || node.isBlank()) throw new IllegalArgumentException("node is required");
        if (seq < 1) throw new IllegalArgumentException("seq starts at 1: " + seq);
        writtenAt = Objects.requireNonNull(writtenAt, "writtenAt").truncatedTo(ChronoUnit.MILLIS);
        if ((call == null) == (gap == null)) throw new IllegalArgumentException("an entry is a call or a gap, exactly one");
        Objects.requireNonNull(prevHash, "prevHash");
        Objects.requireNonNull(hash, "hash");
    }

    /** {@code CALL} or {@code GAP}. */
    public String kind() { return call != null ? "CALL" : "GAP"; }

    /** The entry that follows {@code previous} (null: the first of the chain), hashed. */
    public static RecordEntry chain(RecordEntry previous, String node, Instant writtenAt, CallRecord call, Gap gap) {
        if ((call == null) == (gap == null)) throw new IllegalArgumentException("an entry is a call or a gap, exactly one");
        long seq = previous == null ? 1 : previous.seq() + 1;
        writtenAt = writtenAt.truncatedTo(ChronoUnit.MILLIS);
        String prev = previous == null ? RecordHashes.GENESIS : previous.hash();
        return new RecordEntry(node, seq, writtenAt, call, gap, prev,
                RecordHashes.hashOf(node, seq, writtenAt, call, gap, prev));
    }

    /** Whether {@code hash} is the hash of this entry's canonical form (a field edited in the store breaks it). */
    public boolean hashHolds() {
        return hash.equals(RecordHashes.hashOf(node, seq, writtenAt, call, gap, prevHash));
    }
}
