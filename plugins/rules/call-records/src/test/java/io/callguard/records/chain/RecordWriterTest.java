package io.callguard.records.chain;

import io.callguard.core.records.Checkpoint;
import io.callguard.core.records.InMemoryRecordRepository;
import io.callguard.core.records.RecordEntry;
import io.callguard.core.records.RecordRepository;
import io.callguard.core.time.MutableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.concurrent.atomic.AtomicBoolean;

import static io.callguard.records.chain.Calls.T0;
import static io.callguard.records.chain.Calls.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RecordWriterTest {
    @TempDir Path dir;
    private final InMemoryRecordRepository repo = new InMemoryRecordRepository();
    private final MutableClock clock = new MutableClock(T0.plusSeconds(3600));

    /** A writer whose spill appends run on the submitting thread: the spill file is written when submit returns. */
    private RecordWriter writer(String... overrides) {
        RecordWriter w = new RecordWriter(repo, Calls.options(dir, overrides), clock, null, Runnable::run);
        w.open();
        return w;
    }

    private void drain(RecordWriter w) {
        while (w.flush() > 0) clock.advance(Duration.ofMillis(200));
    }

    private List<RecordEntry> chain() {
        List<RecordEntry> all = new ArrayList<>();
        repo.scan("node-a", 1, all::add);
        return all;
    }

    private List<String> uniqueIds() {
        return chain().stream().map(e -> e.call() != null ? e.call().uniqueId() : "gap:" + e.gap().reason()).toList();
    }

    /** {@code base} in all but its appends, which go to {@code append}. */
    private static RecordRepository withAppend(RecordRepository base, Consumer<List<RecordEntry>> append) {
        return new RecordRepository() {
            @Override public Optional<RecordEntry> last(String node) { return base.last(node); }
            @Override public void append(List<RecordEntry> entries) { append.accept(entries); }
            @Override public RecordPage byAccount(String a, Instant f, Instant t, String c, int l) { return base.byAccount(a, f, t, c, l); }
            @Override public java.math.BigDecimal ratedSince(String a, Instant since) { return base.ratedSince(a, since); }
            @Override public void scan(String node, long fromSeq, Consumer<RecordEntry> each) { base.scan(node, fromSeq, each); }
            @Override public List<String> nodes() { return base.nodes(); }
            @Override public void saveCheckpoint(Checkpoint c) { base.saveCheckpoint(c); }
            @Override public List<Checkpoint> checkpoints(String node, long fromSeq) { return base.checkpoints(node, fromSeq); }
            @Override public int purge(String node, long beforeSeq) { return base.purge(node, beforeSeq); }
        };
    }

    private static List<String> ids(int from, int to) {
        List<String> out = new ArrayList<>();
        for (int i = from; i <= to; i++) out.add(call(i).uniqueId());
        return out;
    }

    @Test
    void recordsAreChainedInBatchesFromTheNodesLastEntryAndCountedDurableOnlyOnceStored() {
        RecordWriter w = writer(ChainOptions.BATCH_SIZE, "4");
        for (int i = 1; i <= 10; i++) w.submit(call(i));
        assertThat(w.durableSeq()).isZero();
        assertThat(w.flush()).isEqualTo(3); // the first start's restart marker is nothing: no chain before it
        assertThat(w.durableSeq()).isEqualTo(3);
        drain(w);
        assertThat(uniqueIds()).isEqualTo(ids(1, 10));
        assertThat(w.durableSeq()).isEqualTo(10);
        assertThat(chain()).allMatch(RecordEntry::hashHolds);
        assertThat(chain().get(0).writtenAt()).isEqualTo(T0.plusSeconds(3600));
        assertThat(w.flush()).isZero();
    }

    @Test
    void aFullBatchIsStoredWithoutWaitingForTheWriteInterval() throws Exception {
        RecordWriter w = writer(ChainOptions.BATCH_SIZE, "3", ChainOptions.WRITE_INTERVAL, "1m", ChainOptions.RETRY_MAX_DELAY, "1m");
        java.util.concurrent.ScheduledExecutorService executor = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
        try {
            w.start(executor);
            executor.submit(() -> { }).get(); // the first cycle ran (nothing to store); the next one is a minute away
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
            w.submit(call(1));
            w.submit(call(2));
            // two records: a partial batch waits for the interval (a minute)
            executor.submit(() -> { }).get();
            assertThat(w.durableSeq()).isZero();
            w.submit(call(3)); // the batch is full: the cycle starts now
            while (w.durableSeq() < 3 && System.nanoTime() < deadline) Thread.onSpinWait();
            assertThat(w.durableSeq()).isEqualTo(3);
            assertThat(uniqueIds()).isEqualTo(ids(1, 3));
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    void underASteadyStreamTheWriterStoresFullBatchesInOneCycleAtATime() throws Exception {
        // a store that holds its first append until the test lets it go: records keep coming while a batch is stored
        java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch inStore = new java.util.concurrent.CountDownLatch(1);
        List<Integer> batches = new java.util.concurrent.CopyOnWriteArrayList<>();
        RecordRepository slow = withAppend(repo, entries -> {
            inStore.countDown();
            try {
                if (!go.await(10, java.util.concurrent.TimeUnit.SECONDS)) throw new IllegalStateException("not released");
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            repo.append(entries);
            batches.add(entries.size());
        });
        RecordWriter w = new RecordWriter(slow, Calls.options(dir, ChainOptions.BATCH_SIZE, "3",
                ChainOptions.WRITE_INTERVAL, "1m", ChainOptions.RETRY_MAX_DELAY, "1m"), clock, null, Runnable::run);
        w.open();
        java.util.concurrent.ScheduledThreadPoolExecutor executor = new java.util.concurrent.ScheduledThreadPoolExecutor(1);
        executor.setRemoveOnCancelPolicy(true);
        try {
            w.start(executor);
            executor.submit(() -> { }).get(10, java.util.concurrent.TimeUnit.SECONDS); // the first cycle ran (nothing to store); the next one is a minute away
            for (int i = 1; i <= 3; i++) w.submit(call(i)); // a full batch: its cycle starts now
            assertThat(inStore.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            // while it is stored: a second full batch (it fills up during the cycle) and one record more
            for (int i = 4; i <= 7; i++) w.submit(call(i));
            go.countDown();
            // the cycle stores the second full batch too, and leaves the seventh record for the interval
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
            while (w.durableSeq() < 6 && System.nanoTime() < deadline) Thread.onSpinWait();
            executor.submit(() -> { }).get(10, java.util.concurrent.TimeUnit.SECONDS); // that cycle has ended
            assertThat(batches).containsExactly(3, 3);
            assertThat(w.durableSeq()).isEqualTo(6);
            assertThat(w.queued()).isEqualTo(1);
            // one cycle is scheduled, not one more per full batch that came while a cycle ran
            assertThat(executor.getQueue()).hasSize(1);
            w.submit(call(8));
            w.submit(call(9)); // full again: one cycle, one batch
            deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
            while (w.durableSeq() < 9 && System.nanoTime() < deadline) Thread.onSpinWait();
            executor.submit(() -> { }).get(10, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(batches).containsExactly(3, 3, 3);
            assertThat(uniqueIds()).isEqualTo(ids(1, 9));
            assertThat(executor.getQueue()).hasSize(1);
        } finally {
            go.countDown();
            executor.shutdownNow();
        }
    }

    @Test
    void underStoreFailureTheBatchIsKeptRetriedWithCappedBackoffAndNothingIsLostOrReordered() {
        RecordWriter w = writer(ChainOptions.BATCH_SIZE, "3", ChainOptions.WRITE_INTERVAL, "200ms", ChainOptions.RETRY_MAX_DELAY, "1s");
        for (int i = 1; i <= 5; i++) w.submit(call(i));
        repo.failWith(new RuntimeException("connection refused"));
        assertThat(w.flush()).isEqualTo(-1);
        assertThat(w.nextDelay()).isEqualTo(Duration.ofMillis(400));
        for (int i = 6; i <= 8; i++) w.submit(call(i)); // the event loop keeps going
        for (int i = 0; i < 5; i++) assertThat(w.flush()).isEqualTo(-1);
        assertThat(w.failures()).isEqualTo(6);
        assertThat(w.nextDelay()).isEqualTo(Duration.ofSeconds(1)); // capped
        assertThat(w.durableSeq()).isZero();
        repo.failWith(null);
        drain(w);
        assertThat(w.nextDelay()).isEqualTo(Duration.ofMillis(200));
        assertThat(uniqueIds()).isEqualTo(ids(1, 8));
        assertThat(w.durableSeq()).isEqualTo(8);
    }

    @Test
    void anAppendWhoseCommitWasLostIsNotWrittenTwice() {
        AtomicBoolean loseAnswer = new AtomicBoolean(true);
        InMemoryRecordRepository lossy = new InMemoryRecordRepository();
        RecordRepository answerLost = withAppend(lossy, entries -> {
            lossy.append(entries);
            if (loseAnswer.getAndSet(false)) throw new RuntimeException("connection reset after commit");
        });
        RecordWriter w = new RecordWriter(answerLost, Calls.options(dir), clock, null, Runnable::run);
        w.open();
        w.submit(call(1));
        w.submit(call(2));
        assertThat(w.flush()).isEqualTo(-1);
        assertThat(w.flush()).isEqualTo(2); // the retry is refused (seq does not follow), the store has exactly it
        List<RecordEntry> all = new ArrayList<>();
        lossy.scan("node-a", 1, all::add);
        assertThat(all).extracting(RecordEntry::seq).containsExactly(1L, 2L);
        assertThat(w.durableSeq()).isEqualTo(2);
    }

    @Test
    void anotherWriterOnTheSameNodeIsAFailureNotAFork() {
        RecordWriter w = writer();
        assertThat(w.flush()).isZero(); // the head is read: an empty chain
        w.submit(call(1));
        repo.append(List.of(RecordEntry.chain(null, "node-a", T0, call(99), null))); // someone else's seq 1
        assertThat(w.flush()).isEqualTo(-1);
        assertThat(chain()).extracting(e -> e.call().uniqueId()).containsExactly(call(99).uniqueId());
    }

    @Test
    void aFullQueueSpillsToAFileThatIsReplayedInOrderWhenTheStoreIsBack() throws Exception {
        RecordWriter w = writer(ChainOptions.QUEUE_CAPACITY, "3", ChainOptions.BATCH_SIZE, "2");
        repo.failWith(new RuntimeException("down"));
        for (int i = 1; i <= 10; i++) w.submit(call(i));
        assertThat(w.queued()).isEqualTo(3); // the restart marker and calls 1, 2
        assertThat(w.spilled()).isEqualTo(8);
        assertThat(Files.readAllLines(dir.resolve("spill").resolve(SpillFile.FILE))).hasSize(8);
        w.flush();
        w.submit(call(11)); // while the spill holds records, new ones go behind them, even with room in memory
        assertThat(w.spilled()).isEqualTo(9);
        repo.failWith(null);
        drain(w);
        assertThat(uniqueIds()).isEqualTo(ids(1, 11));
        assertThat(w.spilling()).isFalse();
        assertThat(Files.size(dir.resolve("spill").resolve(SpillFile.FILE))).isZero();
        w.submit(call(12));
        assertThat(w.queued()).isEqualTo(1);
        drain(w);
        assertThat(uniqueIds()).isEqualTo(ids(1, 12));
    }

    @Test
    void aSubmitterNeverWritesTheSpillFileItselfTheSpillThreadDoesInOrder() throws Exception {
        List<Runnable> spillTasks = new ArrayList<>();
        RecordWriter w = new RecordWriter(repo, Calls.options(dir, ChainOptions.QUEUE_CAPACITY, "2"), clock, null,
                spillTasks::add);
        w.open();
        repo.failWith(new RuntimeException("down"));
        Path file = dir.resolve("spill").resolve(SpillFile.FILE);
        for (int i = 1; i <= 6; i++) w.submit(call(i)); // marker and call 1 in memory, 2..6 handed to the spill thread
        assertThat(w.spilled()).isEqualTo(5);
        assertThat(Files.size(file)).isZero(); // submit returned without touching the disk
        assertThat(spillTasks).hasSize(1); // one task for the whole run of spilled records
        w.flush(); // the store is down, and the writer does not clear a spill whose records are still on their way
        assertThat(w.spilling()).isTrue();
        spillTasks.remove(0).run();
        assertThat(Files.readAllLines(file)).hasSize(5);
        w.submit(call(7));
        spillTasks.remove(0).run();
        repo.failWith(null);
        drain(w);
        assertThat(uniqueIds()).isEqualTo(ids(1, 7));
        assertThat(w.spilling()).isFalse();
    }

    @Test
    void recordsHandedToTheSpillThreadButNotYetWrittenAreStoredByTheStop() {
        List<Runnable> neverRun = new ArrayList<>();
        RecordWriter w = new RecordWriter(repo, Calls.options(dir, ChainOptions.QUEUE_CAPACITY, "2"), clock, null,
                neverRun::add);
        w.open();
        for (int i = 1; i <= 5; i++) w.submit(call(i));
        w.stop();
        assertThat(uniqueIds()).isEqualTo(ids(1, 5));
    }

    @Test
    void aSpillThreadThatRefusesWorkDuringTheStopNeverFailsTheSubmitter() {
        RecordWriter w = new RecordWriter(repo, Calls.options(dir, ChainOptions.QUEUE_CAPACITY, "2"), clock, null,
                task -> { throw new java.util.concurrent.RejectedExecutionException("shut down"); });
        w.open();
        for (int i = 1; i <= 4; i++) w.submit(call(i)); // 2..4 handed over: the refusal is the stop's to handle
        w.stop();
        assertThat(uniqueIds()).isEqualTo(ids(1, 4));
    }

    @Test
    void aRestartAfterACrashWritesOneGapFromTheLastStoredEndAndNothingStoredIsWrittenAgain() {
        RecordWriter first = writer(ChainOptions.BATCH_SIZE, "6");
        for (int i = 1; i <= 5; i++) first.submit(call(i));
        assertThat(first.flush()).isEqualTo(5);
        for (int i = 6; i <= 9; i++) first.submit(call(i)); // in memory when the process is killed (no stop)

        clock.advance(Duration.ofMinutes(2));
        Instant restart = clock.instant();
        RecordWriter second = writer();
        second.submit(call(10));
        drain(second);
        List<RecordEntry> all = chain();
        assertThat(uniqueIds()).containsExactly(call(1).uniqueId(), call(2).uniqueId(), call(3).uniqueId(),
                call(4).uniqueId(), call(5).uniqueId(), "gap:RESTART", call(10).uniqueId());
        RecordEntry gap = all.get(5);
        assertThat(gap.gap().from()).isEqualTo(call(5).endedAt());
        assertThat(gap.gap().to()).isEqualTo(restart);
        assertThat(gap.seq()).isEqualTo(6);
        assertThat(gap.prevHash()).isEqualTo(all.get(4).hash());
    }

    /** As {@link #writer}, spill appends on the submitting thread: a drain sees every spilled record at once. */
    private RecordWriter writerEndingTheRestartGapAtResync(String... overrides) {
        RecordWriter w = new RecordWriter(repo, Calls.options(dir, overrides), clock, null, Runnable::run);
        w.endRestartGapAtResync();
        w.open();
        return w;
    }

    @Test
    void theRestartGapEndsAtTheFirstResynchronisationAndWhatCameAfterTheStartWaitsBehindIt() {
        RecordWriter first = writer();
        for (int i = 1; i <= 3; i++) first.submit(call(i));
        assertThat(first.flush()).isEqualTo(3);
        first.submit(call(4)); // in memory at the kill

        clock.advance(Duration.ofMinutes(2));
        RecordWriter second = writerEndingTheRestartGapAtResync();
        second.submit(call(5)); // a call seen between the start and the first resynchronisation
        clock.advance(Duration.ofSeconds(30)); // AMI unreachable at the start: calls end unseen meanwhile
        drain(second);
        assertThat(uniqueIds()).as("nothing after the restart marker before the resynchronisation")
                .containsExactly(call(1).uniqueId(), call(2).uniqueId(), call(3).uniqueId());

        Instant resync = clock.instant();
        second.resynchronised(resync);
        clock.advance(Duration.ofSeconds(5));
        second.resynchronised(clock.instant()); // a later one does not move the gap
        second.submit(call(6));
        drain(second);
        assertThat(uniqueIds()).containsExactly(call(1).uniqueId(), call(2).uniqueId(), call(3).uniqueId(),
                "gap:RESTART", call(5).uniqueId(), call(6).uniqueId());
        RecordEntry gap = chain().get(3);
        assertThat(gap.gap().from()).isEqualTo(call(3).endedAt());
        assertThat(gap.gap().to()).isEqualTo(resync);
    }

    @Test
    void aRunStoppedBeforeItsFirstResynchronisationLeavesOneGapForTheNextStart() {
        RecordWriter first = writer();
        first.submit(call(1));
        assertThat(first.flush()).isEqualTo(1);
        first.stop();

        clock.advance(Duration.ofMinutes(1));
        RecordWriter second = writerEndingTheRestartGapAtResync();
        drain(second);
        second.stop(); // AMI never came back during this run: its marker waits in the spill file

        clock.advance(Duration.ofMinutes(1));
        RecordWriter third = writerEndingTheRestartGapAtResync();
        Instant resync = clock.instant();
        third.resynchronised(resync);
        third.submit(call(2));
        drain(third);
        assertThat(uniqueIds()).containsExactly(call(1).uniqueId(), "gap:RESTART", call(2).uniqueId());
        assertThat(chain().get(1).gap().from()).isEqualTo(call(1).endedAt());
        assertThat(chain().get(1).gap().to()).isEqualTo(resync);
    }

    @Test
    void aCrashWhileSpillingReplaysTheSpillBeforeTheRestartGap() {
        RecordWriter first = writer(ChainOptions.QUEUE_CAPACITY, "2");
        first.submit(call(1));
        assertThat(first.flush()).isEqualTo(1);
        repo.failWith(new RuntimeException("down"));
        for (int i = 2; i <= 6; i++) first.submit(call(i)); // 2, 3 in memory (lost to the crash), 4..6 spilled
        first.flush();

        repo.failWith(null);
        clock.advance(Duration.ofMinutes(1));
        RecordWriter second = writer();
        second.submit(call(7));
        drain(second);
        assertThat(uniqueIds()).containsExactly(call(1).uniqueId(), call(4).uniqueId(), call(5).uniqueId(),
                call(6).uniqueId(), "gap:RESTART", call(7).uniqueId());
        assertThat(chain().get(4).gap().from()).isEqualTo(call(6).endedAt());
    }

    @Test
    void aCleanStopKeepsWhatTheStoreDidNotTakeForTheNextStartInOrder() {
        RecordWriter first = writer(ChainOptions.QUEUE_CAPACITY, "3", ChainOptions.BATCH_SIZE, "2");
        repo.failWith(new RuntimeException("down"));
        for (int i = 1; i <= 6; i++) first.submit(call(i));
        first.flush(); // calls 1, 2 in flight, 3.. spilled or queued
        first.stop();
        assertThatThrownBy(() -> first.submit(call(7))).isInstanceOf(IllegalStateException.class);

        repo.failWith(null);
        RecordWriter second = writer();
        second.submit(call(7));
        drain(second);
        List<String> expected = new ArrayList<>(ids(1, 6));
        expected.add("gap:RESTART"); // calls may have ended unseen while stopped
        expected.add(call(7).uniqueId());
        assertThat(uniqueIds()).isEqualTo(expected);
    }

    @Test
    void anIntentTheStoreCommittedIsTakenAsCommittedAfterACrash() {
        SpillFile spill = new SpillFile(dir);
        spill.open();
        spill.append(call(1));
        spill.append(call(2));
        long end = spill.read(0, 2).get(1).end();
        spill.intent(end, 7);
        spill.close();

        SpillFile notCommitted = new SpillFile(dir);
        notCommitted.open();
        notCommitted.recover(6);
        assertThat(notCommitted.replayOffset()).isZero();
        notCommitted.close();

        SpillFile committed = new SpillFile(dir);
        committed.open();
        committed.recover(7);
        assertThat(committed.replayOffset()).isEqualTo(end);
        assertThat(committed.hasUnreplayed()).isFalse();
    }

    @Test
    void aLineTornByACrashIsDroppedAndEveryFieldSurvivesTheSpill() throws Exception {
        SpillFile spill = new SpillFile(dir);
        spill.open();
        var tricky = new io.callguard.core.records.CallRecord("1.1", "", "", "", io.callguard.core.policy.Direction.INBOUND,
                "a\tb\\c\nd", "", "", io.callguard.core.numbering.NumberCategory.INTERNATIONAL, "+44", "", "",
                T0, null, T0, 0, io.callguard.core.records.Disposition.NO_ANSWER, null, "", true);
        spill.append(tricky);
        spill.append(new io.callguard.core.records.Gap(T0, T0.plusSeconds(1), "AMI_DOWN"));
        spill.close();
        Files.writeString(dir.resolve(SpillFile.FILE), "C\t1.2\tpartial", java.nio.file.StandardOpenOption.APPEND);
        SpillFile again = new SpillFile(dir);
        again.open();
        List<SpillFile.Read> reads = again.read(0, 10);
        assertThat(reads).extracting(SpillFile.Read::item)
                .containsExactly(tricky, new io.callguard.core.records.Gap(T0, T0.plusSeconds(1), "AMI_DOWN"));
    }

    @Test
    void checkpointsAreSignedEveryNEntriesAndAtTheIntervalAndAppendedToTheCheckpointFile() throws Exception {
        CheckpointSigner signer = CheckpointSigner.of(CheckpointSigner.generate());
        Path cpFile = dir.resolve("checkpoints.jsonl");
        RecordWriter w = new RecordWriter(repo, Calls.options(dir, ChainOptions.CHECKPOINT_EVERY, "4",
                ChainOptions.CHECKPOINT_INTERVAL, "60s", ChainOptions.CHECKPOINT_FILE, cpFile.toString()), clock, signer);
        w.open();
        for (int i = 1; i <= 9; i++) w.submit(call(i));
        drain(w);
        assertThat(repo.checkpoints("node-a", 0)).extracting(Checkpoint::seq).containsExactly(4L, 8L);
        clock.advance(Duration.ofSeconds(59));
        w.flush();
        assertThat(repo.checkpoints("node-a", 0)).hasSize(2);
        clock.advance(Duration.ofSeconds(1));
        w.flush();
        List<Checkpoint> cps = repo.checkpoints("node-a", 0);
        assertThat(cps).extracting(Checkpoint::seq).containsExactly(4L, 8L, 9L);
        assertThat(cps).allMatch(c -> CheckpointSigner.verifies(c, signer.publicKey()));
        assertThat(cps.get(2).headHash()).isEqualTo(chain().get(8).hash());
        clock.advance(Duration.ofMinutes(5));
        w.flush();
        assertThat(repo.checkpoints("node-a", 0)).hasSize(3); // nothing new: no new checkpoint
        List<String> lines = Files.readAllLines(cpFile);
        assertThat(lines).hasSize(3);
        assertThat(lines.get(2)).contains("\"seq\":9").contains("\"keyId\":\"" + signer.keyId() + "\"");
    }

    @Test
    void twoSubmittingThreadsAgainstTheRunningWriterLoseNothingAndKeepEachThreadsOrder() throws Exception {
        // the spill thread of its own, as the app runs it
        RecordWriter w = new RecordWriter(repo, Calls.options(dir, ChainOptions.QUEUE_CAPACITY, "50",
                ChainOptions.BATCH_SIZE, "20", ChainOptions.WRITE_INTERVAL, "1ms"), clock, null);
        w.open();
        w.start(null);
        Thread a = new Thread(() -> { for (int i = 1; i <= 2000; i++) w.submit(call(i)); });
        Thread b = new Thread(() -> { for (int i = 10_001; i <= 12_000; i++) w.submit(call(i)); });
        a.start();
        b.start();
        a.join();
        b.join();
        w.stop(); // the last cycle stores what waits, in memory or spilled
        List<Integer> seen = chain().stream().map(e -> Integer.parseInt(e.call().uniqueId().substring(11))).toList();
        assertThat(seen).hasSize(4000).doesNotHaveDuplicates();
        assertThat(seen.stream().filter(n -> n <= 2000).toList()).isSorted();
        assertThat(seen.stream().filter(n -> n > 10_000).toList()).isSorted();
        assertThat(chain()).allMatch(RecordEntry::hashHolds);
        assertThat(w.durableSeq()).isEqualTo(4000);
    }
}
