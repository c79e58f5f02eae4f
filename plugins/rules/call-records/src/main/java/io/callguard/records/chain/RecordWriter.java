package io.callguard.records.chain;

import io.callguard.core.config.Durations;
import io.callguard.core.records.CallRecord;
import io.callguard.core.records.Checkpoint;
import io.callguard.core.records.Gap;
import io.callguard.core.records.RecordEntry;
import io.callguard.core.records.RecordRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Chains this node's records and stores them, off the event loop. {@link #submit} never waits: it puts the item in a
 * bounded queue, or, once the queue is full, hands it to the spill thread, which appends it to an append-only spill
 * file (and then keeps spilling until the file is replayed, so that the order stays the order of submission); the
 * submitter never writes the file itself. One writer thread drains the queue every
 * {@code writeInterval} in batches, chains them from the node's last entry and appends them in one transaction; when
 * the store fails the batch is kept and retried, waits doubling up to {@code retryMaxDelay}, nothing reordered.
 * {@link #durableSeq} only counts what the store acknowledged. A start writes one {@code RESTART} gap from the end of
 * the chain's last entry (the last call's end, or the last gap's end: what was durable before the stop or the kill)
 * to the start, or, with {@link #endRestartGapAtResync} (the app's case), to the first resynchronisation of the live
 * calls after the start: what ended while no writer ran, what was still in memory when the process died, and what
 * ended before callguard saw the AMI stream again, shows as that one gap. Signed checkpoints are saved every {@code checkpointEvery} entries or {@code checkpointInterval}.
 */
public final class RecordWriter {
    private static final Logger LOG = LoggerFactory.getLogger(RecordWriter.class);
    static final String RESTART = "RESTART";

    private final RecordRepository repository;
    private final ChainOptions options;
    private final String node;
    private final Clock clock;
    private final CheckpointSigner signer;
    private final SpillFile spill;

    // --- shared with submitters, under this ---
    private final ArrayDeque<Object> queue = new ArrayDeque<>();
    /** Items on their way to the spill file (in order, behind what it holds), written by the spill thread. */
    private final ArrayDeque<Object> toSpill = new ArrayDeque<>();
    private boolean spillScheduled;
    private boolean spilling;
    private boolean closed;
    private long spilled;
    /** The restart gap ends at the first resynchronisation ({@link #resynchronised}), not at {@link #open}. */
    private boolean restartEndsAtResync;
    /** The first resynchronisation since the start, null before it. */
    private Instant resyncAt;
    /**
     * A writer cycle ({@link #loop}) is under way: {@link #wakeEarly} leaves it to that cycle, which looks at the
     * queue again before it ends, rather than scheduling a second cycle beside it.
     */
    private boolean looping;

    /**
     * Guards {@link #spill}. Lock order: {@code spillLock}, then {@code this}; submitters take only {@code this}, for
     * a few field updates, so a slow disk never holds up a submitter.
     */
    private final Object spillLock = new Object();
    private final Executor spillExecutor;
    private ExecutorService ownSpillExecutor;

    // --- the writer thread's own ---
    private RecordEntry head;
    private boolean headKnown;
    private final List<RecordEntry> inFlight = new ArrayList<>();
    /** Where the batch in flight ends in the spill file; -1 when it came from the queue. */
    private long inFlightSpillEnd = -1;
    private int failures;
    /** {@code failures > 0} as of the last cycle, for the submitters ({@link #wakeEarly}). */
    private volatile boolean storeFailing;
    private long lastCheckpointSeq;
    private Instant lastCheckpointAt;
    private volatile long durableSeq;
    /** Entries (records and gaps) stored since start, checkpoints saved since start (docs/metrics.md). */
    private final java.util.concurrent.atomic.LongAdder entriesStored = new java.util.concurrent.atomic.LongAdder();
    private final java.util.concurrent.atomic.LongAdder checkpointsSaved = new java.util.concurrent.atomic.LongAdder();
    private final java.util.concurrent.atomic.LongAdder storeFailures = new java.util.concurrent.atomic.LongAdder();
    /** How long each batch's store took; none until {@link #metrics}. */
    private volatile io.micrometer.core.instrument.Timer storeTimer;

    /** Held by one cycle at a time (the writer thread's, the stop's, a test's); submitters never take it. */
    private final Object cycle = new Object();
    private ScheduledExecutorService ownExecutor;
    private ScheduledExecutorService executor;
    private ScheduledFuture<?> next;

    /** @param signer null: no checkpoints (tests of the writer alone) */
    public RecordWriter(RecordRepository repository, ChainOptions options, Clock clock, CheckpointSigner signer) {
        this(repository, options, clock, signer, null);
    }

    /**
     * @param spillExecutor runs the spill file's appends; null: a thread of its own ({@code callguard-records-spill},
     *                      started on the first spill, ended by {@link #stop})
     */
    public RecordWriter(RecordRepository repository, ChainOptions options, Clock clock, CheckpointSigner signer,
                        Executor spillExecutor) {
        this.spillExecutor = spillExecutor;
        this.repository = Objects.requireNonNull(repository, "repository");
        this.options = Objects.requireNonNull(options, "options");
        this.node = options.node();
        this.clock = Objects.requireNonNull(clock, "clock");
        this.signer = signer;
        this.spill = new SpillFile(options.spillDir());
    }

    /**
     * Opens the spill file and queues the restart gap: before the first {@link #submit}. Does not touch the store
     * (a store that is down at start is waited for like one that goes down later).
     */
    public void open() {
        synchronized (spillLock) {
            synchronized (this) {
                spill.open();
                Object marker = new SpillFile.RestartMarker(clock.instant());
                if (spill.hasUnreplayed()) {
                    // what spilled before the stop is older than the restart, what comes next is newer
                    spilling = true;
                    spill.append(marker);
                } else {
                    queue.add(marker);
                }
            }
        }
    }

    /**
     * Makes the restart gap end where callguard sees again, at the first {@link #resynchronised} (the AMI stream's
     * first sync after the start), instead of at {@link #open}: a call that ends between the start and that sync
     * (AMI slow to answer, or unreachable) is unseen too, so the gap must reach that far. Until then the writer
     * stores what came before the restart marker and keeps what follows it waiting (queue, then spill file), so the
     * gap still takes its place in the chain right after the previous run's last entry. Call before {@link #open}.
     */
    public synchronized void endRestartGapAtResync() { restartEndsAtResync = true; }

    /** The live calls were resynchronised at {@code at}: the first call ends the restart gap; later ones are ignored. */
    public synchronized void resynchronised(Instant at) {
        if (resyncAt == null) resyncAt = Objects.requireNonNull(at, "at");
    }

    /** Whether the restart marker must wait for the first resynchronisation (under this). */
    private boolean restartPending() { return restartEndsAtResync && resyncAt == null; }

    /**
     * Runs the writer on {@code executor}, or, when null, on a single thread of its own (named
     * {@code callguard-records-writer}) that {@link #stop} ends.
     */
    public synchronized void start(ScheduledExecutorService executor) {
        if (executor == null) {
            ownExecutor = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "callguard-records-writer");
                t.setDaemon(true);
                return t;
            });
            executor = ownExecutor;
        }
        this.executor = executor;
        next = executor.schedule(this::loop, 0, TimeUnit.MILLISECONDS);
    }

    /** A call that ended; never blocks on the store nor on the disk (the spill thread writes the spill file). */
    public void submit(CallRecord call) { enqueue(Objects.requireNonNull(call, "call")); }

    /** A gap (AMI was down...); never blocks on the store nor on the disk. */
    public void submit(Gap gap) { enqueue(Objects.requireNonNull(gap, "gap")); }

    private void enqueue(Object item) {
        synchronized (this) {
            if (closed) throw new IllegalStateException("the record writer of node " + node + " is stopped");
            if (!spilling && queue.size() < options.queueCapacity()) {
                queue.add(item);
                if (queue.size() == options.batchSize()) wakeEarly();
                return;
            }
            if (!spilling) LOG.warn("records: the queue is full ({} records), records now wait in {}", queue.size(), options.spillDir());
            spilling = true;
            toSpill.add(item);
            spilled++;
            if (spillScheduled) return;
            spillScheduled = true;
        }
        // outside the lock: an executor that runs the task at once (tests) takes spillLock, which comes first
        scheduleSpill();
    }

    /**
     * A full batch waits: the writer's next cycle starts now rather than at the end of {@code writeInterval} (under
     * this). A long interval is cheap at a low rate (one transaction a cycle, whatever its size); at a high rate it
     * would let thousands of records pile up in memory, live through young collections and be stored in one long
     * burst. Not while the store fails: its backoff stands.
     */
    private void wakeEarly() {
        // a running cycle could be cancelled too (its future is not done yet), and the one scheduled here would run
        // beside the successor it schedules itself: two cycles apart, the queue drained in ever smaller batches
        if (closed || executor == null || next == null || storeFailing || looping) return;
        if (next.cancel(false)) next = executor.schedule(this::loop, 0, TimeUnit.MILLISECONDS);
    }

    /** More than one cycle's worth waits: a full batch in the queue, or a backlog in the spill file. */
    private synchronized boolean fullBatchWaits() {
        return queue.size() >= options.batchSize() || spilling;
    }

    private void scheduleSpill() {
        Executor executor = spillExecutor();
        if (executor == null) return; // stopping: the stop writes what waits in toSpill itself
        try {
            executor.execute(this::drainToSpill);
        } catch (RejectedExecutionException e) {
            // the stop shut the spill thread down meanwhile and writes what waits in toSpill itself (otherwise the
            // next submit or writer cycle asks again)
            synchronized (this) {
                spillScheduled = false;
            }
        }
    }

    /** The spill appends' executor; null once stopped (no thread is started after the stop looked for one). */
    private synchronized Executor spillExecutor() {
        if (closed) return null;
        if (spillExecutor != null) return spillExecutor;
        if (ownSpillExecutor == null) {
            ownSpillExecutor = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "callguard-records-spill");
                t.setDaemon(true);
                return t;
            });
        }
        return ownSpillExecutor;
    }

    /**
     * The spill thread's task: appends what waits in {@link #toSpill}, in order, until it is empty. When the disk
     * refuses, the items stay at the head of {@code toSpill} (nothing accepted is dropped while the process lives)
     * and the next submit or writer cycle tries again.
     */
    private void drainToSpill() {
        synchronized (spillLock) {
            while (true) {
                List<Object> items;
                synchronized (this) {
                    if (toSpill.isEmpty()) {
                        spillScheduled = false;
                        return;
                    }
                    items = new ArrayList<>(toSpill);
                    toSpill.clear();
                }
                try {
                    spill.appendAll(items);
                } catch (RuntimeException e) {
                    synchronized (this) {
                        for (int i = items.size() - 1; i >= 0; i--) toSpill.addFirst(items.get(i));
                        spillScheduled = false;
                    }
                    LOG.error("records: cannot append {} records to the spill file, they wait in memory: {}",
                            items.size(), e.toString());
                    return;
                }
            }
        }
    }

    /** A spill that failed earlier, tried again from the writer's cycle. */
    private void retrySpill() {
        synchronized (this) {
            if (toSpill.isEmpty() || spillScheduled || closed) return;
            spillScheduled = true;
        }
        scheduleSpill();
    }

    /** The seq of the node's last entry the store acknowledged (0 before the first). */
    public long durableSeq() { return durableSeq; }

    /** Records waiting in memory. */
    public synchronized int queued() { return queue.size(); }

    /**
     * Registers this writer's meters (docs/metrics.md): entries stored, checkpoints, store failures and batch store
     * time, records waiting in memory and spilled, the durable head's sequence number.
     */
    public void metrics(io.micrometer.core.instrument.MeterRegistry registry) {
        String p = io.callguard.core.metrics.Meters.PREFIX;
        io.micrometer.core.instrument.FunctionCounter.builder(p + "records.written", entriesStored, java.util.concurrent.atomic.LongAdder::sum)
                .description("call records and gaps stored in this node's chain since start").register(registry);
        io.micrometer.core.instrument.FunctionCounter.builder(p + "records.checkpoints", checkpointsSaved, java.util.concurrent.atomic.LongAdder::sum)
                .description("signed checkpoints saved since start").register(registry);
        io.micrometer.core.instrument.FunctionCounter.builder(p + "records.store.failures", storeFailures, java.util.concurrent.atomic.LongAdder::sum)
                .description("writer cycles whose store failed (the batch kept for the next attempt)").register(registry);
        io.micrometer.core.instrument.Gauge.builder(p + "records.queued", this, RecordWriter::queued)
                .description("records waiting in memory for the store").register(registry);
        io.micrometer.core.instrument.FunctionCounter.builder(p + "records.spilled", this, RecordWriter::spilled)
                .description("records written to the spill file since start (the queue was full)").register(registry);
        io.micrometer.core.instrument.Gauge.builder(p + "records.durable.seq", this, RecordWriter::durableSeq)
                .description("sequence number of the last entry stored in this node's chain").register(registry);
        storeTimer = io.micrometer.core.instrument.Timer.builder(p + "records.store.duration")
                .description("time to store one batch of records (one transaction)")
                .serviceLevelObjectives(java.time.Duration.ofMillis(1), java.time.Duration.ofMillis(5),
                        java.time.Duration.ofMillis(10), java.time.Duration.ofMillis(25), java.time.Duration.ofMillis(50),
                        java.time.Duration.ofMillis(100), java.time.Duration.ofMillis(250), java.time.Duration.ofMillis(500),
                        java.time.Duration.ofSeconds(1), java.time.Duration.ofSeconds(5))
                .register(registry);
    }

    /** Records sent to the spill file since the start. */
    public synchronized long spilled() { return spilled; }

    /** Whether records are waiting in the spill file. */
    public synchronized boolean spilling() { return spilling; }

    /** Store attempts that failed in a row. */
    public int failures() { return failures; }

    /** The wait before the next cycle: the write interval, or the doubled backoff after failures. */
    public Duration nextDelay() {
        if (failures == 0) return options.writeInterval();
        long ms = options.writeInterval().toMillis();
        for (int i = 0; i < failures && ms < options.retryMaxDelay().toMillis(); i++) ms *= 2;
        return Duration.ofMillis(Math.min(ms, options.retryMaxDelay().toMillis()));
    }

    private void loop() {
        synchronized (this) {
            looping = true;
        }
        long began = System.nanoTime();
        int stored = 0;
        try {
            // what waits, then more batches only while a full one waits: a commit has a fixed cost (H2 writes a new
            // chunk of its file at each), so under load the writer stores full batches, woken by the batch that
            // fills up, and at a low rate one batch a write interval; draining whatever had come during the last
            // store made batches of about 140 records in the closed-loop benchmark, each paying that cost
            do {
                stored = flush();
            } while (stored > 0 && fullBatchWaits());
        } catch (RuntimeException e) {
            LOG.error("records: writer cycle failed: {}", e.toString(), e);
        }
        storeFailing = failures > 0;
        long delay = nextDelay().toMillis();
        // the interval counts from this cycle's start, not its end: a record that just missed a batch waits one
        // interval and one store, not two stores and an interval (what a kill -9 can lose; the backoff is a wait)
        if (failures == 0) delay = Math.max(0, delay - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began));
        synchronized (this) {
            looping = false;
            // a batch that filled up after the last look: wakeEarly left it to this cycle (not after a cycle that
            // stored nothing: what waits may be held for the resynchronisation, and would be looked at in a spin)
            if (failures == 0 && stored > 0 && fullBatchWaits()) delay = 0;
            if (!closed && executor != null) next = executor.schedule(this::loop, delay, TimeUnit.MILLISECONDS);
        }
    }

    /**
     * One writer cycle (the writer thread's, or a test's): stores one batch (the one in flight, else from the queue,
     * else from the spill file) and saves a checkpoint when one is due.
     *
     * @return entries stored, 0 when nothing was waiting, -1 when the store failed (the batch is kept)
     */
    public int flush() {
        synchronized (cycle) {
            return cycle();
        }
    }

    private int cycle() {
        retrySpill();
        try {
            if (!headKnown) readHead();
            if (inFlight.isEmpty()) takeBatch();
            int stored = 0;
            if (!inFlight.isEmpty()) {
                long began = System.nanoTime();
                store();
                io.micrometer.core.instrument.Timer t = storeTimer;
                if (t != null) t.record(System.nanoTime() - began, java.util.concurrent.TimeUnit.NANOSECONDS);
                stored = inFlight.size();
                entriesStored.add(stored);
                inFlight.clear();
                inFlightSpillEnd = -1;
            }
            failures = 0;
            checkpointIfDue(false);
            return stored;
        } catch (RuntimeException e) {
            failures++;
            storeFailures.increment();
            if (failures == 1 || failures % 100 == 0) {
                LOG.warn("records: the store failed ({} in a row), {} entries kept for the next attempt in {}: {}",
                        failures, inFlight.size(), Durations.format(nextDelay()), e.toString());
            }
            return -1;
        }
    }

    private void readHead() {
        Optional<RecordEntry> last = repository.last(node);
        head = last.orElse(null);
        synchronized (spillLock) {
            spill.recover(head == null ? 0 : head.seq());
        }
        durableSeq = head == null ? 0 : head.seq();
        // the node's last checkpoint, when it is within one checkpoint period of the head
        lastCheckpointSeq = durableSeq;
        lastCheckpointAt = clock.instant();
        if (head != null) {
            List<Checkpoint> recent = repository.checkpoints(node, Math.max(0, head.seq() - options.checkpointEvery()));
            lastCheckpointSeq = recent.isEmpty() ? 0 : recent.get(recent.size() - 1).seq();
            if (signer != null && !recent.isEmpty() && !recent.get(recent.size() - 1).keyId().equals(signer.keyId())) {
                LOG.warn("records: node {}'s last checkpoint was signed by key {}, this node now signs with key {}: keep the"
                        + " old public key to verify the older checkpoints", node, recent.get(recent.size() - 1).keyId(), signer.keyId());
            }
        }
        headKnown = true;
    }

    private void takeBatch() {
        List<Object> items = new ArrayList<>();
        long spillEnd = -1;
        // a batch ends at the next checkpoint's seq, so that checkpoints fall every checkpointEvery entries exactly
        int max = options.batchSize();
        if (signer != null) {
            long toCheckpoint = lastCheckpointSeq + options.checkpointEvery() - (head == null ? 0 : head.seq());
            if (toCheckpoint > 0 && toCheckpoint < max) max = (int) toCheckpoint;
        }
        Instant restartEnd;
        boolean waitResync;
        boolean fromSpill;
        synchronized (this) {
            // a first start (no chain yet) has nothing before it to miss: its marker becomes nothing, it need not wait
            waitResync = restartPending() && head != null;
            restartEnd = resyncAt;
            while (items.size() < max && !queue.isEmpty()) {
                if (waitResync && queue.peek() instanceof SpillFile.RestartMarker) break; // its end is not known yet
                items.add(queue.poll());
            }
            // the spill holds what came after the queue: not before a marker still held in the queue
            fromSpill = items.isEmpty() && queue.isEmpty() && spilling;
        }
        if (fromSpill) {
            synchronized (spillLock) {
                List<SpillFile.Read> reads = spill.read(spill.replayOffset(), max);
                boolean held = false;
                for (SpillFile.Read r : reads) {
                    if (waitResync && r.item() instanceof SpillFile.RestartMarker) {
                        held = true;
                        break;
                    }
                    items.add(r.item());
                    spillEnd = r.end();
                }
                if (!items.isEmpty() || held) {
                    // some read (or a restart marker waiting for the resynchronisation at the replay point)
                } else {
                    synchronized (this) {
                        // holding spillLock, no append is half done: an empty toSpill means the file holds every
                        // spilled item, all replayed. Submitters use the queue again from here.
                        if (toSpill.isEmpty()) {
                            spill.clear();
                            spilling = false;
                            LOG.info("records: the spill file is replayed, records wait in memory again");
                        }
                    }
                }
            }
        }
        RecordEntry prev = head;
        Instant now = clock.instant();
        for (Object item : items) {
            RecordEntry e;
            if (item instanceof CallRecord c) {
                e = RecordEntry.chain(prev, node, now, c, null);
            } else if (item instanceof Gap g) {
                e = RecordEntry.chain(prev, node, now, null, g);
            } else {
                Instant at = restartEnd != null && restartEndsAtResync ? restartEnd : ((SpillFile.RestartMarker) item).at();
                if (prev == null) continue; // a first start: nothing before it to miss
                // a marker left by a run stopped before its first resynchronisation: the gap just written covers it
                if (prev.gap() != null && RESTART.equals(prev.gap().reason()) && !prev.gap().to().isBefore(at)) continue;
                Instant from = endOf(prev);
                e = RecordEntry.chain(prev, node, now, null, new Gap(from.isAfter(at) ? at : from, at, RESTART));
            }
            inFlight.add(e);
            prev = e;
        }
        inFlightSpillEnd = spillEnd;
        if (inFlight.isEmpty() && spillEnd >= 0) {
            // only a marker that became nothing: it is consumed all the same
            synchronized (spillLock) {
                spill.commit(spillEnd);
            }
            inFlightSpillEnd = -1;
        }
    }

    /** The last moment an entry vouches for: a call's end, a gap's end. */
    private static Instant endOf(RecordEntry e) {
        return e.call() != null ? e.call().endedAt() : e.gap().to();
    }

    private void store() {
        RecordEntry last = inFlight.get(inFlight.size() - 1);
        if (inFlightSpillEnd >= 0) {
            synchronized (spillLock) {
                spill.intent(inFlightSpillEnd, last.seq());
            }
        }
        try {
            repository.append(List.copyOf(inFlight));
        } catch (IllegalStateException e) {
            // the seq does not follow: either our previous attempt did commit (its answer was lost), or another
            // writer uses this node's name
            Optional<RecordEntry> stored = repository.last(node);
            if (stored.isEmpty() || !stored.get().hash().equals(last.hash())) {
                throw new IllegalStateException("node " + node + "'s chain moved under this writer (another callguard with"
                        + " records.node=" + node + "?): " + e.getMessage(), e);
            }
        }
        head = last;
        durableSeq = last.seq();
        if (inFlightSpillEnd >= 0) {
            synchronized (spillLock) {
                spill.commit(inFlightSpillEnd);
            }
        }
    }

    private void checkpointIfDue(boolean force) {
        if (signer == null || head == null || head.seq() <= lastCheckpointSeq) return;
        Instant now = clock.instant();
        boolean due = force || head.seq() - lastCheckpointSeq >= options.checkpointEvery()
                || !now.isBefore(lastCheckpointAt.plus(options.checkpointInterval()));
        if (!due) return;
        Checkpoint c = signer.sign(node, head.seq(), head.hash(), now);
        repository.saveCheckpoint(c);
        checkpointsSaved.increment();
        lastCheckpointSeq = c.seq();
        lastCheckpointAt = now;
        CheckpointPublisher.publish(c, options.checkpointFile(), "");
    }

    /**
     * Stops: refuses new items, makes one last attempt to store what waits and to sign the head, and puts whatever
     * the store did not take into the spill file, in order, for the next start. Call it from outside the writer
     * thread (it waits for that thread's cycle to end).
     */
    public void stop() {
        synchronized (this) {
            if (closed) return;
            closed = true;
            if (next != null) next.cancel(false);
        }
        if (ownExecutor != null) {
            ownExecutor.shutdown();
            try {
                if (!ownExecutor.awaitTermination(30, TimeUnit.SECONDS)) LOG.warn("records: the writer thread did not end");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        ExecutorService spiller;
        synchronized (this) {
            spiller = ownSpillExecutor;
        }
        if (spiller != null) {
            spiller.shutdown();
            try {
                if (!spiller.awaitTermination(30, TimeUnit.SECONDS)) LOG.warn("records: the spill thread did not end");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        // what no spill task wrote yet (a task still queued, a failed append) goes to the file now, behind its items,
        // so that the last attempt below replays it too
        drainToSpill();
        // one last attempt: whole batches while the store takes them
        int stored;
        do {
            stored = flush();
        } while (stored > 0);
        try {
            if (failures == 0) checkpointIfDue(true);
        } catch (RuntimeException e) {
            LOG.warn("records: no checkpoint at stop: {}", e.toString());
        }
        synchronized (spillLock) {
            synchronized (this) {
                List<Object> left = new ArrayList<>();
                if (inFlightSpillEnd < 0) {
                    for (RecordEntry e : inFlight) left.add(e.call() != null ? e.call() : e.gap());
                }
                left.addAll(queue);
                queue.clear();
                if (!left.isEmpty()) {
                    spill.prepend(left);
                    LOG.warn("records: {} records the store did not take wait in {} for the next start", left.size(), options.spillDir());
                }
                spill.force();
                spill.close();
                if (!toSpill.isEmpty()) {
                    LOG.error("records: {} records could not be written to the spill file at stop and are lost",
                            toSpill.size());
                }
            }
        }
    }
}
