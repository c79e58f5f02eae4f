package io.callguard.records.chain;

import io.callguard.core.records.Checkpoint;
import io.callguard.core.records.RecordEntry;
import io.callguard.core.records.RecordHashes;
import io.callguard.core.records.RecordRepository;

import java.security.PublicKey;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;

/**
 * Walks a node's chain from a seq in one pass, in constant memory (one entry at a time; the checkpoints, one per
 * thousand entries, are read as a list), and names the first broken link: a missing seq, a {@code prevHash} that is
 * not the previous entry's hash, an entry whose hash does not match its content, a checkpoint not signed by the key
 * given, a checkpoint whose head hash is not the entry's at its seq, and a tail shorter than the last checkpoint.
 */
public final class ChainVerifier {
    private final RecordRepository repository;
    private final PublicKey key;
    private final String keyId;

    /** @param key the public key every checkpoint must be signed with */
    public ChainVerifier(RecordRepository repository, PublicKey key) {
        this.repository = Objects.requireNonNull(repository, "repository");
        this.key = Objects.requireNonNull(key, "key");
        this.keyId = CheckpointSigner.keyId(key);
    }

    /**
     * What a walk found.
     *
     * @param ok                no broken link
     * @param checked           entries checked
     * @param firstBroken       the seq of the first broken link (an entry, a checkpoint, the first missing one), null when ok
     * @param problem           what is wrong there, null when ok
     * @param lastCheckpointSeq the seq of the node's last checkpoint from {@code fromSeq}, null when none
     */
    public record Result(boolean ok, long checked, Long firstBroken, String problem, String node, Long lastCheckpointSeq) {
        /** One line for logs and the command line. */
        public String describe() {
            String cp = lastCheckpointSeq == null ? "no checkpoint" : "last checkpoint at seq " + lastCheckpointSeq;
            return ok ? "node " + node + ": chain intact, " + checked + " entries checked, " + cp
                    : "node " + node + ": chain BROKEN at seq " + firstBroken + ": " + problem + " (" + checked
                    + " entries checked, " + cp + ")";
        }
    }

    /** The walk of {@code node}'s chain from {@code fromSeq} (1: all of it). */
    public Result verify(String node, long fromSeq) {
        if (fromSeq < 1) throw new IllegalArgumentException("fromSeq starts at 1, got " + fromSeq);
        List<Checkpoint> checkpoints = repository.checkpoints(node, fromSeq - 1);
        Walk walk = new Walk(node, fromSeq, checkpoints);
        // the entry before fromSeq anchors the first one's prevHash
        repository.scan(node, Math.max(1, fromSeq - 1), walk::accept);
        return walk.finish();
    }

    private final class Walk {
        private final String node;
        private final long fromSeq;
        private final Iterator<Checkpoint> checkpoints;
        private final Long lastCheckpointSeq;
        private Checkpoint nextCheckpoint;
        private RecordEntry previous;
        private long checked;
        private Long broken;
        private String problem;

        Walk(String node, long fromSeq, List<Checkpoint> checkpoints) {
            this.node = node;
            this.fromSeq = fromSeq;
            this.checkpoints = checkpoints.iterator();
            this.lastCheckpointSeq = checkpoints.isEmpty() ? null : checkpoints.get(checkpoints.size() - 1).seq();
            this.nextCheckpoint = this.checkpoints.hasNext() ? this.checkpoints.next() : null;
        }

        private void fail(long seq, String what) {
            if (broken == null) {
                broken = seq;
                problem = what;
            }
        }

        void accept(RecordEntry e) {
            if (broken != null) return; // the rest is read, not judged: the first broken link is the answer
            if (e.seq() < fromSeq) { // the anchor before fromSeq
                previous = e;
                return;
            }
            checked++;
            if (!e.node().equals(node)) {
                fail(e.seq(), "entry belongs to node " + e.node());
                return;
            }
            if (previous == null) {
                first(e);
            } else if (e.seq() != previous.seq() + 1) {
                long missing = e.seq() - previous.seq() - 1;
                fail(previous.seq() + 1, missing == 1 ? "entry " + (previous.seq() + 1) + " is missing"
                        : "entries " + (previous.seq() + 1) + ".." + (e.seq() - 1) + " are missing (" + missing + ")");
                return;
            } else if (!e.prevHash().equals(previous.hash())) {
                fail(e.seq(), "its prevHash is not the hash of entry " + previous.seq() + " (the chain was rewritten)");
                return;
            }
            if (broken != null) return;
            if (!e.hashHolds()) {
                fail(e.seq(), "its hash does not match its content (the entry was altered)");
                return;
            }
            // checkpoints up to this entry: signed by the key, naming this entry's hash at its seq
            while (broken == null && nextCheckpoint != null && nextCheckpoint.seq() <= e.seq()) {
                Checkpoint c = nextCheckpoint;
                nextCheckpoint = checkpoints.hasNext() ? checkpoints.next() : null;
                if (!signed(c)) return;
                // a checkpoint at the anchor before fromSeq names the anchor's hash
                if (previous != null && c.seq() == previous.seq() && !c.headHash().equals(previous.hash())) {
                    fail(c.seq(), "the signed checkpoint at seq " + c.seq() + " names head " + c.headHash()
                            + ", the entry's hash is " + previous.hash() + " (the entry was replaced)");
                    return;
                }
                if (c.seq() == e.seq() && !c.headHash().equals(e.hash())) {
                    fail(e.seq(), "the signed checkpoint at seq " + c.seq() + " names head " + c.headHash()
                            + ", the entry's hash is " + e.hash() + " (the entry was replaced)");
                }
            }
            previous = e;
        }

        /** The first entry walked: seq 1 from genesis, or one anchored by the entry or the checkpoint before it. */
        private void first(RecordEntry e) {
            if (e.seq() == 1) {
                if (!e.prevHash().equals(RecordHashes.GENESIS)) fail(1, "the first entry's prevHash is not genesis");
                return;
            }
            if (e.seq() > fromSeq && fromSeq > 1) {
                fail(fromSeq, "entries " + fromSeq + ".." + (e.seq() - 1) + " are missing");
                return;
            }
            // a purged chain: the checkpoint at seq - 1 anchors what remains
            while (nextCheckpoint != null && nextCheckpoint.seq() < e.seq() - 1) {
                Checkpoint skipped = nextCheckpoint;
                nextCheckpoint = checkpoints.hasNext() ? checkpoints.next() : null;
                if (!signed(skipped)) return;
            }
            Checkpoint anchor = nextCheckpoint;
            if (anchor == null || anchor.seq() != e.seq() - 1) {
                fail(e.seq() - 1, "entries before " + e.seq() + " are missing and no signed checkpoint at seq "
                        + (e.seq() - 1) + " anchors the chain");
                return;
            }
            nextCheckpoint = checkpoints.hasNext() ? checkpoints.next() : null;
            if (!signed(anchor)) return;
            if (!anchor.headHash().equals(e.prevHash())) {
                fail(e.seq(), "its prevHash is not the head of the signed checkpoint at seq " + anchor.seq());
            }
        }

        /** Whether the checkpoint is signed by the key; records the problem otherwise. */
        private boolean signed(Checkpoint c) {
            if (!c.keyId().equals(keyId)) {
                fail(c.seq(), "the checkpoint at seq " + c.seq() + " is signed by key " + c.keyId()
                        + ", not by the key given (" + keyId + "): refused");
                return false;
            }
            if (!CheckpointSigner.verifies(c, key)) {
                fail(c.seq(), "the signature of the checkpoint at seq " + c.seq() + " does not verify with key "
                        + keyId + ": refused");
                return false;
            }
            return true;
        }

        Result finish() {
            if (broken == null && nextCheckpoint != null) {
                // checkpoints beyond the last entry: the tail was deleted (once they are shown to be genuine)
                Checkpoint last = nextCheckpoint;
                boolean genuine = signed(last);
                while (genuine && checkpoints.hasNext()) {
                    last = checkpoints.next();
                    genuine = signed(last);
                }
                if (genuine) {
                    long lastSeq = previous == null ? fromSeq - 1 : previous.seq();
                    long missing = last.seq() - lastSeq;
                    fail(lastSeq + 1, "tail shorter than the last signed checkpoint (" + missing + " entries missing): the"
                            + " checkpoint is at seq " + last.seq() + ", the last entry at " + lastSeq);
                }
            }
            return new Result(broken == null, checked, broken, problem, node, lastCheckpointSeq);
        }
    }
}
