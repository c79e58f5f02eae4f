package io.callguard.bench;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A closed-loop FastAGI load: {@code concurrency} slots, each running one session after another (Newchannel on the
 * AMI companion, FastAGI session, Hangup) until the run stops. Phases: warm-up (not counted), measured window
 * (sessions that end inside it are counted; CPU sampled at its two edges), drain (nothing new starts; what is in
 * flight ends or times out). {@link #run()} blocks the calling thread, never an event loop.
 */
final class LoadRunner {
    private static final int WARMUP = 0;
    private static final int MEASURE = 1;
    private static final int DRAIN = 2;
    /** A counted run ({@code --calls}) gives up after this long. */
    private static final long COUNTED_RUN_LIMIT_SECONDS = 600;
    private static final long SWEEP_MILLIS = 200;
    private static final long RETRY_MILLIS = 20;

    private final Vertx vertx;
    private final LoadOptions options;
    private final AmiCompanion ami;
    private final NetClient client;
    private final BenchCall.Factory calls;
    private final LoadStats measured = new LoadStats();
    private final LoadStats unmeasured = new LoadStats();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicLong measuredEnded = new AtomicLong();
    private final CountDownLatch countReached = new CountDownLatch(1);
    private final CountDownLatch drained = new CountDownLatch(1);
    private volatile int phase = WARMUP;
    private volatile Window window;

    /** CPU samples at one edge of the measured window. */
    private record Sample(long nanos, long serverTicks, long selfTicks, long[] machine) {
        static Sample take(long serverPid) {
            long self = ProcessHandle.current().pid();
            return new Sample(System.nanoTime(), serverPid > 0 ? ProcessCpu.ticks(serverPid) : -1,
                    ProcessCpu.ticks(self), ProcessCpu.machineTicks());
        }
    }

    private record Window(Sample start, Sample end) { }

    /**
     * @param ami the AMI companion, already started and logged into, or null
     */
    LoadRunner(Vertx vertx, LoadOptions options, AmiCompanion ami) {
        this.vertx = vertx;
        this.options = options;
        this.ami = ami;
        this.client = vertx.createNetClient(new NetClientOptions().setTcpNoDelay(true).setConnectTimeout(2000));
        this.calls = new BenchCall.Factory(options.script(), options.trunks(), options.accounts());
    }

    LoadReport run() throws InterruptedException {
        List<Slot> slots = new ArrayList<>();
        List<Context> contexts = new ArrayList<>();
        for (int i = 0; i < options.threads(); i++) contexts.add(vertx.getOrCreateContext());
        for (int i = 0; i < options.concurrency(); i++) slots.add(new Slot(contexts.get(i % contexts.size())));
        for (Context ctx : contexts) {
            List<Slot> mine = slots.stream().filter(s -> s.context == ctx).toList();
            ctx.runOnContext(v -> vertx.setPeriodic(SWEEP_MILLIS, id -> sweep(mine)));
        }
        inFlight.set(slots.size());
        for (Slot s : slots) s.context.runOnContext(v -> s.next());

        if (!options.warmup().isZero()) TimeUnit.MILLISECONDS.sleep(options.warmup().toMillis());
        Sample start = Sample.take(options.serverPid());
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
        Window w = window;
        return report(w.start(), w.end());
    }

    /** Ends the measured window once (from the main thread or, in a counted run, from an event loop). */
    private synchronized void endWindow() {
        if (phase == DRAIN) return;
        Sample end = Sample.take(options.serverPid());
        window = new Window(window.start(), end);
        phase = DRAIN;
        countReached.countDown();
    }

    private LoadReport report(Sample start, Sample end) {
        double seconds = (end.nanos() - start.nanos()) / 1e9;
        double tickMs = 1000.0 / options.clockTicks();
        double serverMs = start.serverTicks() >= 0 && end.serverTicks() >= 0
                ? (end.serverTicks() - start.serverTicks()) * tickMs : -1;
        double selfMs = start.selfTicks() >= 0 && end.selfTicks() >= 0 ? (end.selfTicks() - start.selfTicks()) * tickMs : -1;
        double busy = -1;
        if (start.machine() != null && end.machine() != null && end.machine()[1] > start.machine()[1]) {
            busy = 100.0 * (end.machine()[0] - start.machine()[0]) / (end.machine()[1] - start.machine()[1]);
        }
        return new LoadReport(options.target(), options.note(), options.concurrency(), seconds, measured.snapshot(),
                options.serverPid(), serverMs, selfMs, busy);
    }

    private void sweep(List<Slot> slots) {
        long now = System.nanoTime();
        long limit = options.sessionTimeout().toNanos();
        for (Slot s : slots) {
            LoadSession session = s.current;
            if (session != null && session.startNanos() != 0 && now - session.startNanos() > limit) session.timeOut();
        }
    }

    /** One closed-loop lane; everything runs on its context. */
    private final class Slot {
        final Context context;
        LoadSession current;

        Slot(Context context) { this.context = context; }

        void next() {
            if (phase == DRAIN) {
                if (inFlight.decrementAndGet() == 0) drained.countDown();
                return;
            }
            BenchCall call = calls.next();
            if (ami == null) {
                connect(call);
            } else {
                // the AGI starts once Asterisk has announced the channel, as in a real call
                ami.callStarts(call).onComplete(ar -> context.runOnContext(v -> connect(call)));
            }
        }

        private void connect(BenchCall call) {
            client.connect(options.port(), options.host()).onComplete(ar -> {
                if (ar.failed()) {
                    ended(call, new SessionOutcome(SessionOutcome.Kind.FAILED, 0, 0, null, null, ar.cause().toString()));
                    return;
                }
                current = new LoadSession(ar.result(), outcome -> ended(call, outcome));
                current.start(call.header());
            });
        }

        private void ended(BenchCall call, SessionOutcome outcome) {
            current = null;
            if (ami != null) ami.callEnds(call);
            boolean counted = phase == MEASURE;
            long n = counted && options.calls() > 0 ? measuredEnded.incrementAndGet() : 0;
            if (n > options.calls()) counted = false; // a counted run measures exactly --calls sessions
            (counted ? measured : unmeasured).record(outcome);
            if (n == options.calls() && n > 0) endWindow();
            // a refused connection would spin: wait a little before the next attempt
            if (outcome.kind() == SessionOutcome.Kind.FAILED) vertx.setTimer(RETRY_MILLIS, id -> next());
            else next();
        }
    }
}
