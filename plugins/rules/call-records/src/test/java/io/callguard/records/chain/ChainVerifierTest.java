package io.callguard.records.chain;

import io.callguard.core.records.CallRecord;
import io.callguard.core.records.Checkpoint;
import io.callguard.core.records.InMemoryRecordRepository;
import io.callguard.core.records.RecordEntry;
import io.callguard.core.time.MutableClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static io.callguard.records.chain.Calls.T0;
import static org.assertj.core.api.Assertions.assertThat;

class ChainVerifierTest {
    @TempDir Path dir;
    private final InMemoryRecordRepository repo = new InMemoryRecordRepository();
    private final MutableClock clock = new MutableClock(T0.plusSeconds(3600));
    private CheckpointSigner signer;

    /** 250 calls by the writer, a checkpoint every 100 entries and one at the stop (250). */
    @BeforeEach
    void write() {
        signer = CheckpointSigner.of(CheckpointSigner.generate());
        RecordWriter w = new RecordWriter(repo, Calls.options(dir, ChainOptions.BATCH_SIZE, "50",
                ChainOptions.CHECKPOINT_EVERY, "100"), clock, signer);
        w.open();
        for (int i = 1; i <= 250; i++) w.submit(Calls.call(i));
        while (w.flush() > 0) clock.advance(Duration.ofMillis(200));
        w.stop();
        assertThat(repo.checkpoints("node-a", 0)).extracting(Checkpoint::seq).containsExactly(100L, 200L, 250L);
    }

    private ChainVerifier.Result verify() { return new ChainVerifier(repo, signer.publicKey()).verify("node-a", 1); }

    @Test
    void anIntactChainIsOk() {
        ChainVerifier.Result r = verify();
        assertThat(r.ok()).as(r.describe()).isTrue();
        assertThat(r.checked()).isEqualTo(250);
        assertThat(r.firstBroken()).isNull();
        assertThat(r.lastCheckpointSeq()).isEqualTo(250);
        assertThat(new ChainVerifier(repo, signer.publicKey()).verify("node-a", 120).checked()).isEqualTo(131);
    }

    @Test
    void editingOneEntrysCalleeIsNamedByItsSeq() {
        repo.replaceAsSuperuser("node-a", 137, e -> new RecordEntry(e.node(), e.seq(), e.writtenAt(),
                withCallee(e.call(), "0899999999"), null, e.prevHash(), e.hash()));
        ChainVerifier.Result r = verify();
        assertThat(r.ok()).isFalse();
        assertThat(r.firstBroken()).isEqualTo(137);
        assertThat(r.problem()).contains("does not match its content");
    }

    @Test
    void rewritingAnEntryWithAFreshHashBreaksTheNextLink() {
        repo.replaceAsSuperuser("node-a", 137, e -> {
            RecordEntry prev = new RecordEntry(e.node(), 136, e.writtenAt(), e.call(), null, "x", e.prevHash());
            // rehashed: holds on its own, but entry 138 points at the old hash
            RecordEntry forged = RecordEntry.chain(null, e.node(), e.writtenAt(), withCallee(e.call(), "0899999999"), null);
            return new RecordEntry(e.node(), 137, forged.writtenAt(), forged.call(), null, e.prevHash(),
                    io.callguard.core.records.RecordHashes.hash(io.callguard.core.records.RecordHashes.canonical(
                            e.node(), 137, forged.writtenAt(), forged.call(), null, prev.hash())));
        });
        ChainVerifier.Result r = verify();
        assertThat(r.firstBroken()).isEqualTo(138);
        assertThat(r.problem()).contains("prevHash is not the hash of entry 137");
    }

    @Test
    void rewritingTheWholeTailIsCaughtByTheSignedCheckpoint() {
        // entries 201..250 rechained from 200 with another callee: every link holds, the checkpoint at 250 does not
        RecordEntry[] prev = new RecordEntry[1];
        repo.scan("node-a", 200, e -> { if (e.seq() == 200) prev[0] = e; });
        repo.deleteTailAsSuperuser("node-a", 50);
        for (int i = 201; i <= 250; i++) {
            prev[0] = RecordEntry.chain(prev[0], "node-a", clock.instant(), withCallee(Calls.call(i), "0811111111"), null);
            repo.append(java.util.List.of(prev[0]));
        }
        ChainVerifier.Result r = verify();
        assertThat(r.firstBroken()).isEqualTo(250);
        assertThat(r.problem()).contains("signed checkpoint at seq 250 names head");
    }

    @Test
    void deletingTheLastTenEntriesIsATailShorterThanTheLastCheckpoint() {
        repo.deleteTailAsSuperuser("node-a", 10);
        ChainVerifier.Result r = verify();
        assertThat(r.ok()).isFalse();
        assertThat(r.checked()).isEqualTo(240);
        assertThat(r.firstBroken()).isEqualTo(241);
        assertThat(r.problem()).startsWith("tail shorter than the last signed checkpoint (10 entries missing)");
    }

    @Test
    void aWalkFromTheMiddleChecksTheLinkToTheEntryBeforeIt() {
        repo.replaceAsSuperuser("node-a", 100, e -> new RecordEntry(e.node(), e.seq(), e.writtenAt(), e.call(), null,
                e.prevHash(), "f".repeat(64)));
        ChainVerifier.Result r = new ChainVerifier(repo, signer.publicKey()).verify("node-a", 101);
        assertThat(r.firstBroken()).isEqualTo(101);
        assertThat(r.problem()).contains("prevHash is not the hash of entry 100");
        assertThat(new ChainVerifier(repo, signer.publicKey()).verify("node-a", 102).ok()).isTrue();
    }

    @Test
    void aMissingEntryInTheMiddleIsNamed() {
        repo.deleteAsSuperuser("node-a", 42);
        ChainVerifier.Result r = verify();
        assertThat(r.firstBroken()).isEqualTo(42);
        assertThat(r.problem()).isEqualTo("entry 42 is missing");
    }

    @Test
    void aWrongKeyIsRefusedAndSaysSo() {
        ChainVerifier.Result r = new ChainVerifier(repo, CheckpointSigner.generate().getPublic()).verify("node-a", 1);
        assertThat(r.ok()).isFalse();
        assertThat(r.firstBroken()).isEqualTo(100);
        assertThat(r.problem()).contains("signed by key " + signer.keyId()).contains("not by the key given").endsWith("refused");
    }

    @Test
    void aForgedCheckpointWithTheRightKeyIdIsRefused() {
        Checkpoint real = repo.checkpoints("node-a", 250).get(0);
        repo.saveCheckpoint(new Checkpoint("node-a", 260, real.headHash(), real.at(), real.keyId(), real.signature()));
        ChainVerifier.Result r = verify();
        assertThat(r.firstBroken()).isEqualTo(260);
        assertThat(r.problem()).contains("does not verify");
    }

    @Test
    void aPurgedChainIsAnchoredByTheCheckpointBeforeWhatRemains() {
        assertThat(repo.purge("node-a", 101)).isEqualTo(100);
        ChainVerifier.Result r = verify();
        assertThat(r.ok()).as(r.describe()).isTrue();
        assertThat(r.checked()).isEqualTo(150);
        repo.deleteAsSuperuser("node-a", 101);
        ChainVerifier.Result cut = verify();
        assertThat(cut.ok()).isFalse();
        assertThat(cut.firstBroken()).isEqualTo(101);
        assertThat(cut.problem()).contains("no signed checkpoint at seq 101");
    }

    private static CallRecord withCallee(CallRecord c, String callee) {
        return new CallRecord(c.uniqueId(), c.linkedId(), c.accountId(), c.trunkId(), c.direction(), c.caller(), callee,
                callee, c.category(), c.categoryDetail(), c.verdict(), c.reason(), c.startedAt(), c.answeredAt(),
                c.endedAt(), c.billableSeconds(), c.disposition(), c.cause(), c.asteriskNode(), c.adopted());
    }
}
