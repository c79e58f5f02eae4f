package io.callguard.bench;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A FastAGI load, closed loop or at an offered rate.
 *
 * <ul>
 *   <li>Closed loop ({@code rate == 0}): {@code concurrency} lanes, each running one call after another: the
 *       caller's AMI frames, the FastAGI session, the AMI frames of what the dialplan does with the verdict.
 *       Latency is measured from the header's write.</li>
 *   <li>Offered rate ({@code rate > 0}, open loop): call {@code i} is due at {@code t0 + i/rate} and started by a
 *       1 ms periodic timer of its lane (lane {@code i mod lanes}) at the first tick at or after that time,
 *       whether or not earlier calls have been answered (at most {@code maxInFlight} at once; a call that would
 *       exceed it is not started and is counted). Latency is measured from the call's due time, so time spent
 *       queued behind a slow server (or a late tick) counts: no coordinated omission. The schedule restarts
 *       when the window opens: calls of the warm-up not started by then are dropped, not sent in a burst, and
 *       only calls scheduled in the window are measured (the warm-up's backlog still ending is not). A timer per lane rather than
 *       a pacer thread: no cross-thread wake-up per call, which cost the generator more than the call itself.</li>
 * </ul>
 * Phases: warm-up (not counted) until {@code warmupCalls} sessions have ended and {@code warmup} has passed, then,
 * when asked, until the server's JIT settles and it has been up long enough ({@link LoadOptions.JitSettle}),
 * measured window (sessions that end inside it are counted; CPU sampled at its two edges), drain (nothing new
 * starts; what is in flight ends or times out). {@link #run()} blocks the calling thread, never an event loop.
 */
final class LoadRunner {
    private static final int WARMUP = 0;
    private static final int MEASURE = 1;
    private static final int DRAIN = 2;
    /** A counted run ({@code --calls}) or a counted warm-up gives up after this long. */
    private static final long COUNTED_RUN_LIMIT_SECONDS = 600;
    private static final long SWEEP_MILLIS = 200;
    private static final long RETRY_MILLIS = 20;
    private static final long TICK_MILLIS = 1;

    private final Vertx vertx;
    private final LoadOptions options;
    private final AmiCompanion ami;
    private final NetClient client;
    private final BenchCall.Factory calls;
    private final LoadStats measured = new LoadStats();
    private final LoadStats unmeasured = new LoadStats();
    /** Closed loop: lanes still running; offered rate: calls in flight plus one while the pacer runs. */
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicLong measuredEnded = new AtomicLong();
    private final AtomicLong ended = new AtomicLong();
    private final AtomicLong notStarted = new AtomicLong();
    private final CountDownLatch warmedUp = new CountDownLatch(1);
    private final CountDownLatch countReached = new CountDownLatch(1);
    private final CountDownLatch drained = new CountDownLatch(1);
    private volatile int phase = WARMUP;
    private volatile Window window;
    private volatile long warmupEnded;
    /** What the JIT-settled warm-up came to (empty without one). */
    private volatile String settleNote = "";

    /** CPU samples at one edge of the measured window. */
    private record Sample(long nanos, long serverTicks, long serverJitTicks, long storeTicks, long selfTicks,
                          long[] machine) {
        static Sample take(LoadOptions options) {
            long self = ProcessHandle.current().pid();
            long serverPid = options.serverPid();
            return new Sample(System.nanoTime(), serverPid > 0 ? ProcessCpu.ticks(serverPid) : -1,
                    serverPid > 0 ? ProcessCpu.jitTicks(serverPid) : -1, ProcessCpu.ticks(options.storePids()),
                    ProcessCpu.ticks(self), ProcessCpu.machineTicks());
        }
    }

    private record Window(Sample start, Sample end) { }

    /** One generator event loop and the sessions open on it (only touched on that context). */
    private static final class Lane {
        final Context context;
        final Set<LoadSession> open = new HashSet<>();

        Lane(Context context) { this.context = context; }
    }

    /**
     * @param ami the AMI companion, already started and logged into, or null
     */
    LoadRunner(Vertx vertx, LoadOptions options, AmiCompanion ami) {
        this(vertx, options, ami, new BenchCall.Factory(options.script(), options.trunks(), options.accounts()));
    }

    /** @param calls where the calls come from (shared by successive runs of one process: distinct Uniqueids) */
    LoadRunner(Vertx vertx, LoadOptions options, AmiCompanion ami, BenchCall.Factory calls) {
        this.vertx = vertx;
        this.options = options;
        this.ami = ami;
        this.client = vertx.createNetClient(new NetClientOptions().setTcpNoDelay(true).setConnectTimeout(2000));
        this.calls = calls;
    }

    LoadReport run() throws InterruptedException {
        List<Lane> lanes = new ArrayList<>();
        for (int i = 0; i < options.threads(); i++) lanes.add(new Lane(vertx.getOrCreateContext()));
        List<Long> sweeps = new java.util.concurrent.CopyOnWriteArrayList<>();
        for (Lane lane : lanes) {
            lane.context.runOnContext(v -> sweeps.add(vertx.setPeriodic(SWEEP_MILLIS, id -> sweep(lane))));
        }
        long started = System.nanoTime();
        if (options.rate() > 0) {
            inFlight.set(lanes.size()); // each lane's own token, given back when its schedule stops
            for (int k = 0; k < lanes.size(); k++) {
                Lane lane = lanes.get(k);
                int first = k;
                lane.context.runOnContext(v -> new Schedule(lane, first, lanes.size(), started).start());
            }
        } else {
            inFlight.set(options.concurrency());
            for (int i = 0; i < options.concurrency(); i++) {
                Slot s = new Slot(lanes.get(i % lanes.size()));
                s.lane.context.runOnContext(v -> s.next());
            }
        }

        if (options.warmupCalls() > 0) {
            if (!warmedUp.await(COUNTED_RUN_LIMIT_SECONDS, TimeUnit.SECONDS)) {
                System.err.println("warm-up: " + options.warmupCalls() + " sessions not ended within "
                        + COUNTED_RUN_LIMIT_SECONDS + " s (" + ended.get() + " ended); measuring anyway");
            }
        }
        long left = options.warmup().toNanos() - (System.nanoTime() - started);
        if (left > 0) TimeUnit.NANOSECONDS.sleep(left);
        if (options.settle().on()) settleJit();
        warmupEnded = ended.get();
        Sample start = Sample.take(options);
        window = new Window(start, null);
        phase = MEASURE;
        if (options.calls() > 0) {
            if (!countReached.await(COUNTED_RUN_LIMIT_SECONDS, TimeUnit.SECONDS)) endWindow();
        } else {
            TimeUnit.MILLISECONDS.sleep(options.duration().toMillis());
            endWindow();
        }
        drained.await(options.sessionTimeout().toMillis() + 2 * SWEEP_MILLIS + 2000, TimeUnit.MILLISECONDS);
        client.close();
        sweeps.forEach(vertx::cancelTimer); // the Vert.x instance may serve another run (LiveCallMemory)
        Window w = window;
        return report(w.start(), w.end(), (System.nanoTime() - started) / 1e9);
    }

    /**
     * More warm-up, a round of sessions at a time, until the server's JIT compiler threads spent at most the
     * threshold per session over the last {@code quietRounds} rounds in a row, or the cap of sessions is reached (said
     * in the report either way).
     */
    private void settleJit() throws InterruptedException {
        LoadOptions.JitSettle settle = options.settle();
        double tickMicros = 1e6 / options.clockTicks();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(COUNTED_RUN_LIMIT_SECONDS);
        int rounds = 0;
        int quiet = 0;
        double last = -1;
        Duration up = null;
        while (ended.get() < settle.maxSessions()) {
            long from = ended.get();
            long jitFrom = ProcessCpu.jitTicks(options.serverPid());
            long until = Math.min(from + settle.round(), settle.maxSessions());
            while (ended.get() < until) {
                if (System.nanoTime() > deadline) {
                    settleNote = ", JIT not settled within " + COUNTED_RUN_LIMIT_SECONDS + " s (sessions too slow)";
                    return;
                }
                TimeUnit.MILLISECONDS.sleep(20); // the harness's main thread polls the count; no event loop waits
            }
            long jitTo = ProcessCpu.jitTicks(options.serverPid());
            if (jitFrom < 0 || jitTo < 0) {
                settleNote = ", JIT unreadable (/proc of pid " + options.serverPid() + "): not settled";
                return;
            }
            rounds++;
            last = (jitTo - jitFrom) * tickMicros / (ended.get() - from);
            quiet = last <= settle.microsPerDecision() ? quiet + 1 : 0;
            up = ProcessCpu.uptime(options.serverPid());
            if (up == null) {
                settleNote = ", server's start time unreadable (pid " + options.serverPid() + "): not settled";
                return;
            }
            if (quiet >= settle.quietRounds() && up.compareTo(settle.serverUptime()) >= 0) {
                settleNote = String.format(java.util.Locale.ROOT, ", JIT settled after %d round(s) of %d: %.1f µs per session"
                        + " in the last, %d in a row under the threshold (%.1f)%s", rounds, settle.round(), last, quiet,
                        settle.microsPerDecision(), uptimeNote(up, settle));
                return;
            }
        }
        settleNote = rounds == 0
                ? ", JIT not checked: the warm-up had reached the cap of " + settle.maxSessions() + " sessions already"
                : String.format(java.util.Locale.ROOT, ", JIT NOT settled at the cap of %d sessions: %.1f µs per session"
                        + " in the last round (threshold %.1f)%s", settle.maxSessions(), last, settle.microsPerDecision(),
                        uptimeNote(up, settle));
    }

    private static String uptimeNote(Duration up, LoadOptions.JitSettle settle) {
        if (settle.serverUptime().isZero() || up == null) return "";
        return ", server up " + up.toSeconds() + " s (" + (up.compareTo(settle.serverUptime()) >= 0 ? "at least " : "UNDER ")
                + settle.serverUptime().toSeconds() + " s asked)";
    }

    /** Ends the measured window once (from the main thread or, in a counted run, from an event loop). */
    private synchronized void endWindow() {
        if (phase == DRAIN) return;
        Sample end = Sample.take(options);
        window = new Window(window.start(), end);
        phase = DRAIN;
        countReached.countDown();
    }

    private LoadReport report(Sample start, Sample end, double totalSeconds) {
        double seconds = (end.nanos() - start.nanos()) / 1e9;
        double tickMs = 1000.0 / options.clockTicks();
        double serverMs = start.serverTicks() >= 0 && end.serverTicks() >= 0
                ? (end.serverTicks() - start.serverTicks()) * tickMs : -1;
        double jitMs = delta(start.serverJitTicks(), end.serverJitTicks(), tickMs);
        double storeMs = delta(start.storeTicks(), end.storeTicks(), tickMs);
        double selfMs = start.selfTicks() >= 0 && end.selfTicks() >= 0 ? (end.selfTicks() - start.selfTicks()) * tickMs : -1;
        double busy = -1;
        if (start.machine() != null && end.machine() != null && end.machine()[1] > start.machine()[1]) {
            busy = 100.0 * (end.machine()[0] - start.machine()[0]) / (end.machine()[1] - start.machine()[1]);
        }
        String load = options.rate() > 0
                ? "offered " + options.rate() + "/s (open loop, latency from the scheduled start)"
                : "closed loop, concurrency " + options.concurrency();
        String warm = "warm-up " + warmupEnded + " sessions"
                + (options.warmup().isZero() ? "" : ", at least " + options.warmup().toSeconds() + " s") + settleNote;
        return new LoadReport(options.target(), options.note(), options.concurrency(), seconds, measured.snapshot(),
                options.serverPid(), serverMs, jitMs, storeMs, selfMs, busy, options.rate(), notStarted.get(), load, warm,
                totalSeconds, ami == null ? LoadReport.NO_AMI : ami.summary(), LoadStats.merged(measured, unmeasured));
    }

    private static double delta(long start, long end, double tickMs) {
        return start >= 0 && end >= 0 ? (end - start) * tickMs : -1;
    }

    private void sweep(Lane lane) {
        long now = System.nanoTime();
        long limit = options.sessionTimeout().toNanos();
        for (LoadSession s : List.copyOf(lane.open)) {
            if (s.startNanos() != 0 && now - s.startNanos() > limit) s.timeOut();
        }
    }

    /**
     * Counts the end of any session; true when it is measured: in a closed loop, when it ends in the window; at an
     * offered rate, when it was scheduled in the window ({@code scheduledInWindow}), wherever it ends — a backlog
     * of the warm-up does not spill into the window, and the window's slowest calls are not dropped at its end.
     * With --calls, only the first N measured sessions count.
     */
    private boolean count(SessionOutcome outcome, boolean scheduledInWindow) {
        long all = ended.incrementAndGet();
        if (all == options.warmupCalls()) warmedUp.countDown();
        boolean counted = options.rate() > 0 ? scheduledInWindow : phase == MEASURE;
        long n = counted && options.calls() > 0 ? measuredEnded.incrementAndGet() : 0;
        if (n > options.calls()) counted = false; // a counted run measures exactly --calls sessions
        (counted ? measured : unmeasured).record(outcome);
        if (n == options.calls() && n > 0) endWindow();
        return counted;
    }

    private void finishedOne() {
        if (inFlight.decrementAndGet() == 0) drained.countDown();
    }

    /** Runs {@code call} on {@code lane}: AMI before, FastAGI session, AMI after; then {@code then}. */
    private void runCall(Lane lane, BenchCall call, long originNanos, java.util.function.Consumer<SessionOutcome> then) {
        if (ami == null) {
            connect(lane, call, originNanos, then);
        } else {
            // the AGI starts once Asterisk has announced the channel, as in a real call
            ami.callStarts(call).onComplete(ar -> lane.context.runOnContext(v -> connect(lane, call, originNanos, then)));
        }
    }

    private void connect(Lane lane, BenchCall call, long originNanos, java.util.function.Consumer<SessionOutcome> then) {
        client.connect(options.port(), options.host()).onComplete(ar -> {
            if (ar.failed()) {
                SessionOutcome failed = new SessionOutcome(SessionOutcome.Kind.FAILED, 0, 0, null, null,
                        ar.cause().toString());
                if (ami != null) ami.callDecided(call, null, null);
                then.accept(failed);
                return;
            }
            LoadSession[] session = new LoadSession[1];
            session[0] = new LoadSession(ar.result(), outcome -> {
                lane.open.remove(session[0]);
                if (ami != null) ami.callDecided(call, outcome.verdict(), outcome.cause());
                then.accept(outcome);
            });
            lane.open.add(session[0]);
            session[0].start(call.header(), originNanos);
        });
    }

    /** One lane's share of the offered-rate schedule: calls first, first + step, … ; runs on the lane's context. */
    private final class Schedule {
        final Lane lane;
        final int step;
        final int first;
        long t0;
        long next;
        long timer;
        boolean rebased;

        Schedule(Lane lane, int first, int step, long t0) {
            this.lane = lane;
            this.next = first;
            this.first = first;
            this.step = step;
            this.t0 = t0;
        }

        void start() {
            timer = vertx.setPeriodic(TICK_MILLIS, id -> tick());
            tick();
        }

        private long due(long i) { return t0 + i * 1_000_000_000L / options.rate(); }

        private void tick() {
            if (phase == DRAIN) {
                vertx.cancelTimer(timer);
                if (timer != -1) finishedOne();
                timer = -1;
                return;
            }
            long now = System.nanoTime();
            if (phase == MEASURE && !rebased) {
                // the window's schedule starts afresh: a backlog left by the warm-up (a generator or server still
                // compiling) would otherwise be the window's first seconds
                rebased = true;
                t0 = now;
                next = first;
            }
            for (long due = due(next); due <= now && phase != DRAIN; due = due(next)) {
                next += step;
                if (inFlight.get() > options.maxInFlight()) {
                    if (phase == MEASURE) notStarted.incrementAndGet();
                    continue;
                }
                inFlight.incrementAndGet();
                boolean inWindow = rebased;
                runCall(lane, calls.next(), due, outcome -> {
                    count(outcome, inWindow);
                    finishedOne();
                });
            }
        }
    }

    /** One closed-loop lane; everything runs on its context. */
    private final class Slot {
        final Lane lane;

        Slot(Lane lane) { this.lane = lane; }

        void next() {
            if (phase == DRAIN) {
                finishedOne();
                return;
            }
            runCall(lane, calls.next(), 0, this::ended);
        }

        private void ended(SessionOutcome outcome) {
            count(outcome, false);
            // a refused connection would spin: wait a little before the next attempt
            if (outcome.kind() == SessionOutcome.Kind.FAILED) vertx.setTimer(RETRY_MILLIS, id -> next());
            else next();
        }
    }
}
