package io.callguard.records.retention;

import io.callguard.core.audit.AuditLog;
import io.callguard.core.audit.InMemoryAuditLog;
import io.callguard.core.records.InMemoryRecordRepository;
import io.callguard.core.records.RecordEntry;
import io.callguard.core.records.RecordRepository;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InMemoryRecordPurgeTest extends RecordPurgeContract {
    private final InMemoryRecordRepository repository = new InMemoryRecordRepository();
    private final InMemoryAuditLog audit = new InMemoryAuditLog();

    @Override protected RecordRepository repository() { return repository; }

    @Override protected AuditLog audit() { return audit; }

    /** The check is the verifier's, the same on every store: shown here with an entry replaced past the guards. */
    @Test
    void aBrokenChainIsNotPurgedNorSignedOver() {
        call("acme", "2026-04-20T08:00:00Z");
        call("acme", "2026-04-22T08:00:00Z");
        call("acme", "2026-12-01T08:00:00Z");
        checkpoint();
        repository.replaceAsSuperuser(NODE, 2, e -> new RecordEntry(e.node(), e.seq(), e.writtenAt(),
                e.call(), e.gap(), e.prevHash(), "0".repeat(64)));

        assertThatThrownBy(() -> purge().run("system", false)).isInstanceOf(RecordPurge.BrokenChainException.class)
                .hasMessageContaining("nothing purged").hasMessageContaining("BROKEN at seq 2");
        assertThat(seqs()).containsExactly(1L, 2L, 3L);
        assertThat(repository().checkpoints(NODE, 0)).hasSize(1);
        assertThat(purges()).isEmpty();
    }
}
