package io.callguard.core.records;

import io.callguard.core.rating.CallRating;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InMemoryRecordRepositoryTest {
    private static final Instant T0 = Instant.parse("2026-12-06T10:00:00Z");
    private final InMemoryRecordRepository repo = new InMemoryRecordRepository();

    private static List<RecordEntry> chain(RecordEntry after, int n) {
        List<RecordEntry> out = new ArrayList<>();
        RecordEntry prev = after;
        for (int i = 0; i < n; i++) {
            long seq = prev == null ? 1 : prev.seq() + 1;
            prev = RecordEntry.chain(prev, "node-a", T0.plusSeconds(seq), RecordEntryTest.answered("u" + seq, "0612345678"), null);
            out.add(prev);
        }
        return out;
    }

    @Test
    void appendKeepsEntriesInSeqOrderAndLastIsTheHead() {
        List<RecordEntry> batch = chain(null, 3);
        repo.append(batch);
        assertThat(repo.last("node-a")).contains(batch.get(2));
        List<Long> seqs = new ArrayList<>();
        repo.scan("node-a", 2, e -> seqs.add(e.seq()));
        assertThat(seqs).containsExactly(2L, 3L);
        assertThat(repo.nodes()).containsExactly("node-a");
        assertThat(repo.last("other")).isEmpty();
    }

    @Test
    void appendRefusesASeqThatDoesNotFollowAndStoresNoneOfTheBatch() {
        List<RecordEntry> first = chain(null, 2);
        repo.append(first);
        List<RecordEntry> skipping = chain(first.get(1), 3).subList(1, 3); // seqs 4, 5
        assertThatThrownBy(() -> repo.append(skipping)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("seq 4 does not follow 2");
        assertThatThrownBy(() -> repo.append(first)).isInstanceOf(IllegalStateException.class);
        assertThat(repo.last("node-a").orElseThrow().seq()).isEqualTo(2);
    }

    @Test
    void byAccountPagesWithAnOpaqueCursorOldestFirstWithoutGaps() {
        List<RecordEntry> batch = new ArrayList<>(chain(null, 5));
        batch.add(RecordEntry.chain(batch.get(4), "node-a", T0.plusSeconds(9), null, new Gap(T0, T0.plusSeconds(1), "RESTART")));
        repo.append(batch);
        RecordRepository.RecordPage p1 = repo.byAccount("acme", T0.minusSeconds(60), T0.plusSeconds(60), null, 2);
        assertThat(p1.items()).extracting(RecordEntry::seq).containsExactly(1L, 2L);
        assertThat(p1.next()).isNotNull().doesNotContain("node-a");
        RecordRepository.RecordPage p2 = repo.byAccount("acme", T0.minusSeconds(60), T0.plusSeconds(60), p1.next(), 2);
        RecordRepository.RecordPage p3 = repo.byAccount("acme", T0.minusSeconds(60), T0.plusSeconds(60), p2.next(), 2);
        assertThat(p2.items()).extracting(RecordEntry::seq).containsExactly(3L, 4L);
        assertThat(p3.items()).extracting(RecordEntry::seq).containsExactly(5L);
        assertThat(p3.next()).isNull();
        assertThat(repo.byAccount("other", T0.minusSeconds(60), T0.plusSeconds(60), null, 10).items()).isEmpty();
        assertThatThrownBy(() -> repo.byAccount("acme", T0, T0, "%%%", 10)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void purgeNeedsACheckpointAtItsAnchorAndKeepsTheNumbering() {
        List<RecordEntry> batch = chain(null, 5);
        repo.append(batch);
        assertThatThrownBy(() -> repo.purge("node-a", 4)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no checkpoint at seq 3");
        repo.saveCheckpoint(new Checkpoint("node-a", 3, batch.get(2).hash(), T0, "k", "s"));
        assertThat(repo.purge("node-a", 4)).isEqualTo(3);
        List<Long> left = new ArrayList<>();
        repo.scan("node-a", 1, e -> left.add(e.seq()));
        assertThat(left).containsExactly(4L, 5L);
        assertThat(repo.checkpoints("node-a", 0)).extracting(Checkpoint::seq).containsExactly(3L);
        assertThat(repo.checkpoints("node-a", 4)).isEmpty();
        repo.append(chain(batch.get(4), 1));
        assertThat(repo.last("node-a").orElseThrow().seq()).isEqualTo(6);
    }

    @Test
    void aFailingStoreThrowsUntilItIsBack() {
        repo.failWith(new IllegalArgumentException("down"));
        assertThatThrownBy(() -> repo.last("node-a")).hasMessage("down");
        repo.failWith(null);
        assertThat(repo.last("node-a")).isEmpty();
    }

    @Test
    void ratedSinceSumsTheAccountsRatedCallsEndedAtOrAfterTheInstantOnEveryNode() {
        CallRecord base = RecordEntryTest.answered("a1", "0612345678"); // ended T0 + 65 s
        Instant end = base.endedAt();
        CallRating r = new CallRating("pro", 1, "mobile", 95, new BigDecimal("23.75"));
        RecordEntry a1 = RecordEntry.chain(null, "node-a", T0, base.withRating(r), null);
        RecordEntry a2 = RecordEntry.chain(a1, "node-a", T0, RecordEntryTest.answered("a2", "0612345678")
                .withRating(new CallRating("pro", 1, "mobile", 31, new BigDecimal("7.7501"))), null);
        RecordEntry a3 = RecordEntry.chain(a2, "node-a", T0, RecordEntryTest.answered("a3", "0612345678"), null); // unrated
        RecordEntry a4 = RecordEntry.chain(a3, "node-a", T0, null, new Gap(T0, T0.plusSeconds(1), "RESTART"));
        repo.append(List.of(a1, a2, a3, a4));
        RecordEntry b1 = RecordEntry.chain(null, "node-b", T0, RecordEntryTest.answered("b1", "0612345678").withRating(r), null);
        CallRecord globex = new CallRecord("g1", "", "globex", "", base.direction(), "", "", "", base.category(), "", "",
                "", base.startedAt(), base.answeredAt(), base.endedAt(), base.billableSeconds(), base.disposition(), 16,
                "", false, r);
        repo.append(List.of(b1, RecordEntry.chain(b1, "node-b", T0, globex, null)));

        assertThat(repo.ratedSince("acme", end)).isEqualTo(new BigDecimal("55.2501"));
        assertThat(repo.ratedSince("acme", end.minusSeconds(3600))).isEqualTo(new BigDecimal("55.2501"));
        assertThat(repo.ratedSince("acme", end.plusMillis(1))).as("ended before since").isEqualTo(new BigDecimal("0.0000"));
        assertThat(repo.ratedSince("globex", end)).isEqualTo(new BigDecimal("23.7500"));
        assertThat(repo.ratedSince("nobody", end)).isEqualTo(new BigDecimal("0.0000"));
    }
}
