package io.callguard.records.retention;

import io.callguard.core.audit.AuditEntry;
import io.callguard.core.audit.AuditLog;
import io.callguard.core.audit.AuditQuery;
import io.callguard.core.directory.Account;
import io.callguard.core.directory.InMemoryDirectory;
import io.callguard.core.numbering.NumberCategory;
import io.callguard.core.policy.Direction;
import io.callguard.core.records.CallRecord;
import io.callguard.core.records.Disposition;
import io.callguard.core.records.Gap;
import io.callguard.core.records.RecordEntry;
import io.callguard.core.records.RecordRepository;
import io.callguard.core.time.MutableClock;
import io.callguard.records.chain.ChainVerifier;
import io.callguard.records.chain.CheckpointSigner;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The purge on a repository (in memory, H2, PostgreSQL): what goes, what stays, the chain still verifies, the audit
 * trail has it. Times: now is 2026-12-06 10:00 UTC; with invoice day 10 (Paris) a call started before 2026-05-10
 * 00:00 Paris was invoiced on or before 10 May and may go from 10 November; one started on 10 May is kept until
 * 10 December.
 */
abstract class RecordPurgeContract {
    static final String NODE = "node-a";
    static final Instant NOW = Instant.parse("2026-12-06T10:00:00Z");

    protected final MutableClock clock = new MutableClock(NOW);
    protected final InMemoryDirectory directory = new InMemoryDirectory();
    protected final CheckpointSigner signer = CheckpointSigner.of(CheckpointSigner.generate());
    private RecordEntry head;
    private int calls;

    /** A fresh, empty repository for the test (the account "acme" stored where the store needs it). */
    protected abstract RecordRepository repository();

    protected abstract AuditLog audit();

    /** Skips the test when its database is not there. */
    protected void assumeAvailable() { }

    @BeforeEach
    void accounts() {
        assumeAvailable();
        directory.put(acme(10));
    }

    static Account acme(Integer invoiceDay) {
        return new Account("acme", "ACME SA", 7200, null, java.time.LocalDate.parse("2019-03-10"), invoiceDay);
    }

    RecordPurge purge() { return purge(Period.ofMonths(6)); }

    RecordPurge purge(Period retention) {
        return new RecordPurge(repository(), directory, signer,
                new RetentionOptions(retention, Duration.ofDays(1), ZoneId.of("Europe/Paris")), audit(), clock, NODE,
                Optional.empty());
    }

    /** Appends a call of {@code account} started at {@code start} (one minute long). */
    long call(String account, String start) {
        Instant s = Instant.parse(start);
        calls++;
        CallRecord c = new CallRecord("1733480000." + calls, "", account, account + "-trunk", Direction.OUTBOUND,
                "0140000000", "0612345678", "0612345678", NumberCategory.MOBILE, "", "ALLOW", "", s, s.plusSeconds(5),
                s.plusSeconds(60), 55, Disposition.ANSWERED, 16, "ast1", false);
        return append(c, null, s.plusSeconds(60));
    }

    long gap(String from, String to) {
        return append(null, new Gap(Instant.parse(from), Instant.parse(to), "AMI_DOWN"), Instant.parse(to));
    }

    private long append(CallRecord c, Gap g, Instant at) {
        head = RecordEntry.chain(head, NODE, at, c, g);
        repository().append(List.of(head));
        return head.seq();
    }

    /** A checkpoint at the head, as the writer signs them. */
    void checkpoint() { repository().saveCheckpoint(signer.sign(NODE, head.seq(), head.hash(), head.writtenAt())); }

    List<Long> seqs() {
        List<Long> seqs = new ArrayList<>();
        repository().scan(NODE, 1, e -> seqs.add(e.seq()));
        return seqs;
    }

    ChainVerifier.Result verify() { return new ChainVerifier(repository(), signer.publicKey()).verify(NODE, 1); }

    List<AuditEntry> purges() {
        return audit().list(new AuditQuery("records:", null, 100)).stream()
                .filter(e -> e.action().equals(RecordPurge.AUDIT_ACTION)).toList();
    }

    @Test
    void recordsPastRetentionGoAndTheFirstKeptCallKeepsEverythingAfterIt() {
        call("acme", "2026-04-20T08:00:00Z");          // 1: invoiced 10 May, may go from 10 November
        gap("2026-04-21T00:00:00Z", "2026-04-21T01:00:00Z"); // 2: goes with its neighbours
        call("acme", "2026-05-09T21:59:00Z");          // 3: 23:59 on 9 May in Paris: still the period ending 10 May
        call("acme", "2026-05-09T22:00:00Z");          // 4: midnight on 10 May in Paris: invoiced 10 June, kept
        checkpoint();
        call("acme", "2026-04-01T08:00:00Z");          // 5: old, but after a kept one
        call("acme", "2026-12-01T08:00:00Z");          // 6: young
        checkpoint();

        RecordPurge.Outcome done = purge().run("alice", false);

        assertThat(done.fromSeq()).isEqualTo(1);
        assertThat(done.toSeq()).isEqualTo(3);
        assertThat(done.count()).isEqualTo(3);
        assertThat(done.checkpointSeq()).isEqualTo(3);
        assertThat(done.checkpointSigned()).isTrue();
        assertThat(done.keptFrom()).isEqualTo(4);
        assertThat(done.keptBecause()).contains("kept until 2026-12-09T23:00:00Z");
        assertThat(seqs()).containsExactly(4L, 5L, 6L);
        ChainVerifier.Result verified = verify();
        assertThat(verified.ok()).as(verified.describe()).isTrue();
        assertThat(verified.checked()).isEqualTo(3);
    }

    @Test
    void thePurgeIsInTheAuditTrailWithItsRangeAndAnchor() {
        call("acme", "2026-04-20T08:00:00Z");
        call("acme", "2026-04-22T08:00:00Z");
        call("acme", "2026-12-01T08:00:00Z");

        purge().run("alice", false);

        assertThat(purges()).singleElement().satisfies(e -> {
            assertThat(e.actor()).isEqualTo("alice");
            assertThat(e.target()).isEqualTo("records:" + NODE);
            assertThat(e.at()).isEqualTo(NOW);
            assertThat(e.after()).contains("\"node\":\"node-a\"", "\"fromSeq\":1", "\"toSeq\":2", "\"count\":2",
                    "\"checkpointSeq\":2", "\"retention\":\"P6M\"", "\"checkpointHead\":\"");
        });
    }

    @Test
    void aDryRunSaysWhatWouldGoAndTouchesNothing() {
        call("acme", "2026-04-20T08:00:00Z");
        call("acme", "2026-04-22T08:00:00Z");
        call("acme", "2026-12-01T08:00:00Z");

        RecordPurge.Outcome would = purge().run("alice", true);

        assertThat(would.dryRun()).isTrue();
        assertThat(would.toSeq()).isEqualTo(2);
        assertThat(would.count()).isEqualTo(2);
        assertThat(seqs()).containsExactly(1L, 2L, 3L);
        assertThat(repository().checkpoints(NODE, 0)).isEmpty();
        assertThat(purges()).isEmpty();
    }

    @Test
    void theInvoiceDayTheBackOfficeSetsChangesWhatGoes() {
        call("acme", "2026-04-20T08:00:00Z");  // 1: invoiced 10 May (day 10) or 11 May (day 11)
        call("acme", "2026-05-10T08:00:00Z");  // 2: invoiced 10 June (day 10) or 11 May (day 11)
        call("acme", "2026-06-05T08:00:00Z");  // 3: invoiced 10 or 11 June: kept until December
        call("acme", "2026-12-01T08:00:00Z");  // 4

        assertThat(purge().run("system", false).toSeq()).isEqualTo(1);

        directory.put(acme(11)); // the back office moves the invoice to the 11th
        RecordPurge.Outcome second = purge().run("system", false);
        assertThat(second.fromSeq()).isEqualTo(2);
        assertThat(second.toSeq()).isEqualTo(2);
        assertThat(seqs()).containsExactly(3L, 4L);
        assertThat(verify().ok()).as(verify().describe()).isTrue();
        assertThat(purges()).hasSize(2);
    }

    @Test
    void aLongerRetentionKeepsWhatSixMonthsWouldPurge() {
        call("acme", "2026-04-20T08:00:00Z");
        call("acme", "2026-12-01T08:00:00Z");

        RecordPurge.Outcome none = purge(Period.ofMonths(7)).run("system", false);

        assertThat(none.count()).isZero();
        assertThat(none.keptFrom()).isEqualTo(1);
        assertThat(seqs()).containsExactly(1L, 2L);
        assertThat(purges()).isEmpty();
    }

    @Test
    void anAccountWithoutInvoiceDayIsKeptAsLongAsAnyInvoiceDayWouldKeepIt() {
        directory.put(new Account("acme", "ACME SA", 7200));
        call("acme", "2026-04-20T08:00:00Z");  // invoiced by 1 June at the latest: may go from 1 December
        call("acme", "2026-05-02T08:00:00Z");  // invoiced by 1 July at the latest: kept until 1 January
        call("acme", "2026-12-01T08:00:00Z");

        RecordPurge.Outcome done = purge().run("system", false);

        assertThat(done.toSeq()).isEqualTo(1);
        assertThat(seqs()).containsExactly(2L, 3L);
    }

    @Test
    void theChainsLastEntryStaysEvenPastRetention() {
        call("acme", "2026-03-20T08:00:00Z");
        call("acme", "2026-04-20T08:00:00Z");
        checkpoint();

        RecordPurge.Outcome done = purge().run("system", false);

        assertThat(done.toSeq()).isEqualTo(1);
        assertThat(done.keptBecause()).contains("last entry");
        assertThat(seqs()).containsExactly(2L);
        assertThat(verify().ok()).as(verify().describe()).isTrue();
        // the chain goes on from its head
        call("acme", "2026-12-05T08:00:00Z");
        assertThat(verify().ok()).as(verify().describe()).isTrue();
    }

    @Test
    void aGapBeforeTheFirstKeptCallStaysWithIt() {
        call("acme", "2026-04-20T08:00:00Z");
        gap("2026-06-01T00:00:00Z", "2026-06-01T01:00:00Z");
        call("acme", "2026-06-02T08:00:00Z");

        assertThat(purge().run("system", false).toSeq()).isEqualTo(1);
        assertThat(seqs()).containsExactly(2L, 3L);
    }

    @Test
    void aSecondRunPurgesNothingMoreAndTheCheckpointAlreadyStoredIsTheAnchor() {
        call("acme", "2026-04-20T08:00:00Z");
        checkpoint(); // at seq 1, as the writer signed it
        call("acme", "2026-12-01T08:00:00Z");

        RecordPurge.Outcome first = purge().run("system", false);
        assertThat(first.checkpointSigned()).isFalse();
        assertThat(repository().checkpoints(NODE, 0)).hasSize(1);
        RecordPurge.Outcome again = purge().run("system", false);
        assertThat(again.count()).isZero();
        assertThat(again.keptFrom()).isEqualTo(2);
        assertThat(verify().ok()).as(verify().describe()).isTrue();
    }

}
