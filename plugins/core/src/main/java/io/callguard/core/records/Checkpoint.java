package io.callguard.core.records;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * A signed statement that a node's chain had {@code seq} entries ending in {@code headHash} at {@code at}: with it a
 * deleted or rewritten tail is detectable, not only an edited entry. Signed with Ed25519 by a key kept outside the
 * database ({@code keyId} names it); {@code signature} is the Base64 signature of {@link #signedText()}.
 */
public record Checkpoint(String node, long seq, String headHash, Instant at, String keyId, String signature) {
    public Checkpoint {
        if (node == null || node.isBlank()) throw new IllegalArgumentException("node is required");
        if (seq < 0) throw new IllegalArgumentException("seq is negative: " + seq);
        Objects.requireNonNull(headHash, "headHash");
        at = Objects.requireNonNull(at, "at").truncatedTo(ChronoUnit.MILLIS);
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(signature, "signature");
    }

    /** The exact text that is signed: {@code callguard-checkpoint|v1|node|seq|headHash|at}. */
    public String signedText() { return signedText(node, seq, headHash, at); }

    public static String signedText(String node, long seq, String headHash, Instant at) {
        return "callguard-checkpoint|v1|" + node + "|" + seq + "|" + headHash + "|" + at;
    }
}
