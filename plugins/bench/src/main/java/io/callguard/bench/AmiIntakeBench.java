package io.callguard.bench;

import io.callguard.asterisk.ami.AmiClient;
import io.callguard.asterisk.ami.AmiOptions;
import io.callguard.core.calls.CallTracker;
import io.callguard.core.control.CallEvent;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import io.vertx.core.parsetools.RecordParser;
import org.asteriskjava.manager.ManagerConnection;
import org.asteriskjava.manager.ManagerConnectionFactory;
import org.asteriskjava.manager.event.HangupEvent;
import org.asteriskjava.manager.event.ManagerEvent;
import org.asteriskjava.manager.event.NewChannelEvent;
import org.asteriskjava.manager.event.NewStateEvent;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * AMI intake benchmark: how much CPU the AMI reader costs per frame. An {@link AmiReplayServer} in a child
 * process (its CPU is not counted) replays the event frames of a real Asterisk capture, with fresh channel ids per
 * repetition, as fast as the client takes them; this process runs one client at a time and measures its own CPU
 * ({@link ProcessCpu}, /proc) and the wall time per run:
 * <ul>
 * <li>{@code lean}: callguard's {@link AmiClient} feeding a {@link CallTracker}, with one call-event listener, as
 * the app runs it;</li>
 * <li>{@code raw}: a Vert.x {@link RecordParser} reader that parses every frame and drops it (the floor as issue 13
 * defines it; the lean client no longer frames with a RecordParser, so it can come under this floor);</li>
 * <li>{@code asterisk-java}: asterisk-java's ManagerConnection (reader thread, dispatch thread, reflective events)
 * whose channel events hop to a Vert.x context and feed a tracker, as callguard's previous client did.</li>
 * </ul>
 * Warm-up is a number of frames, not seconds. Each client runs {@code --runs} times; min and median are printed,
 * then the ratios lean/raw and lean/asterisk-java of the medians.
 *
 * <p>Usage: {@code AmiIntakeBench --capture <ami.txt> [--shipped-filter] [--coalesce] [--frames N] [--warmup-frames N]
 * [--runs N] [--clients lean,raw,asterisk-java] [--clk-tck 100]}
 */
public final class AmiIntakeBench {
    private static final String SECRET = AmiCompanion.SECRET;

    private final AmiReplayFrames frames;
    private final Process server;
    private final PrintWriter toServer;
    private final BufferedReader fromServer;
    private final int port;
    private final long clkTck;
    private long nextRepetition;

    private AmiIntakeBench(AmiReplayFrames frames, Process server, long clkTck) throws Exception {
        this.frames = frames;
        this.server = server;
        this.clkTck = clkTck;
        this.toServer = new PrintWriter(server.getOutputStream(), true, StandardCharsets.UTF_8);
        this.fromServer = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
        String first = fromServer.readLine();
        if (first == null || !first.startsWith("port ")) throw new IllegalStateException("replay server said: " + first);
        this.port = Integer.parseInt(first.substring(5).trim());
    }

    /** One client under test: connects, then counts what it took in until a target is reached. */
    private interface Intake extends AutoCloseable {
        /** Arms the next run: the latch opens once {@code frames} frames (of which {@code hangups} Hangups) went in. */
        CountDownLatch expect(long frames, long hangups);
    }

    public static void main(String[] argv) throws Exception {
        Args args = Args.parse(argv, Set.of("shipped-filter", "coalesce"),
                Set.of("capture", "frames", "warmup-frames", "runs", "clients", "clk-tck"));
        Path capture = Path.of(args.string("capture", "../shared/asterisk/concurrent-calls/ami.txt"));
        if (!Files.isRegularFile(capture)) throw new IllegalArgumentException("no capture at " + capture);
        boolean shipped = args.has("shipped-filter");
        int frameTarget = args.integer("frames", 300_000, 1_000, 100_000_000);
        int warmupTarget = args.integer("warmup-frames", 300_000, 0, 100_000_000);
        int runs = args.integer("runs", 5, 1, 1000);
        long clkTck = args.integer("clk-tck", 100, 1, 100_000);
        List<String> clients = Arrays.asList(args.string("clients", "lean,raw,asterisk-java").split(","));

        AmiReplayFrames frames = new AmiReplayFrames(capture, shipped);
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms256m", "-Xmx512m", "-cp", System.getProperty("java.class.path"), AmiReplayServer.class.getName(),
                "--capture", capture.toString(), "--secret", SECRET));
        if (shipped) cmd.add("--shipped-filter");
        boolean coalesce = args.has("coalesce");
        if (coalesce) cmd.add("--coalesce");
        Process server = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            AmiIntakeBench bench = new AmiIntakeBench(frames, server, clkTck);
            int reps = Math.max(1, frameTarget / frames.framesPerRepetition());
            int warmReps = warmupTarget / frames.framesPerRepetition();
            System.out.printf(Locale.ROOT, "capture %s%s: %d frames and %d Hangups per repetition; %d repetitions "
                            + "(%d frames) per run, warm-up %d frames, %d runs; CPU of this process only (the replaying "
                            + "server runs in a child process); server writes: %s%n", capture,
                    shipped ? " (shipped manager.conf filter)" : "",
                    frames.framesPerRepetition(), frames.hangupsPerRepetition(), reps,
                    (long) reps * frames.framesPerRepetition(), (long) warmReps * frames.framesPerRepetition(), runs,
                    coalesce ? "one write per batch of up to 256 frames" : "one write per frame, as Asterisk does");
            Map<String, double[]> medians = new LinkedHashMap<>();
            for (String name : clients) medians.put(name, bench.measure(name.trim(), warmReps, reps, runs));
            double[] lean = medians.get("lean");
            if (lean != null) {
                for (String other : List.of("raw", "asterisk-java")) {
                    double[] o = medians.get(other);
                    if (o != null) {
                        System.out.printf(Locale.ROOT, "ratio lean/%s: CPU per frame %.2f, frames per second %.2f%n",
                                other, lean[0] / o[0], lean[1] / o[1]);
                    }
                }
            }
        } finally {
            try (PrintWriter w = new PrintWriter(server.getOutputStream(), true, StandardCharsets.UTF_8)) {
                w.println("quit");
            } catch (RuntimeException ignored) {
                // the child may be gone already
            }
            if (!server.waitFor(10, TimeUnit.SECONDS)) server.destroy();
        }
    }

    /** Runs one client; prints its runs' min/median; returns {median CPU µs per frame, median frames per second}. */
    private double[] measure(String name, int warmReps, int reps, int runs) throws Exception {
        Vertx vertx = Vertx.vertx();
        try (Intake intake = switch (name) {
            case "lean" -> lean(vertx);
            case "raw" -> raw(vertx);
            case "asterisk-java" -> asteriskJava(vertx);
            default -> throw new IllegalArgumentException("unknown client " + name + " (lean, raw, asterisk-java)");
        }) {
            if (warmReps > 0) replay(intake, warmReps);
            double[] cpu = new double[runs];
            double[] loopCpu = new double[runs];
            double[] rate = new double[runs];
            long self = ProcessHandle.current().pid();
            for (int i = 0; i < runs; i++) {
                long loop0 = eventLoopCpuNanos();
                long ticks0 = ProcessCpu.ticks(self);
                long t0 = System.nanoTime();
                long n = replay(intake, reps);
                long t1 = System.nanoTime();
                long ticks1 = ProcessCpu.ticks(self);
                long loop1 = eventLoopCpuNanos();
                cpu[i] = (ticks1 - ticks0) * 1e6 / clkTck / n;
                loopCpu[i] = (loop1 - loop0) / 1e3 / n;
                rate[i] = n / ((t1 - t0) / 1e9);
            }
            double[] sortedCpu = cpu.clone();
            double[] sortedRate = rate.clone();
            Arrays.sort(sortedCpu);
            Arrays.sort(sortedRate);
            double cpuMedian = sortedCpu[runs / 2];
            double rateMedian = sortedRate[runs / 2];
            double[] sortedLoop = loopCpu.clone();
            Arrays.sort(sortedLoop);
            System.out.printf(Locale.ROOT, "%-14s CPU us/frame min %.2f median %.2f (event-loop threads: median %.2f) | "
                            + "frames/s max %.0f median %.0f | runs %s%n", name, sortedCpu[0], cpuMedian,
                    sortedLoop[runs / 2], sortedRate[runs - 1], rateMedian, Arrays.toString(round(cpu)));
            return new double[]{cpuMedian, rateMedian};
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    /**
     * CPU time of the Vert.x event-loop threads (where the lean and raw clients do all their work; asterisk-java
     * works on its own reader and pump threads), to tell the client's own cost from the JIT's and the GC's.
     */
    private static long eventLoopCpuNanos() {
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (java.lang.management.ThreadInfo t : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (t != null && t.getThreadName().startsWith("vert.x-eventloop")) {
                long ns = threads.getThreadCpuTime(t.getThreadId());
                if (ns > 0) sum += ns;
            }
        }
        return sum;
    }

    private static String[] round(double[] v) {
        String[] out = new String[v.length];
        for (int i = 0; i < v.length; i++) out[i] = String.format(Locale.ROOT, "%.2f", v[i]);
        return out;
    }

    /** Has the server replay {@code reps} repetitions; returns once the client took them all in; the frame count. */
    private long replay(Intake intake, int reps) throws Exception {
        long n = (long) reps * frames.framesPerRepetition();
        CountDownLatch done = intake.expect(n, (long) reps * frames.hangupsPerRepetition());
        toServer.println("replay " + nextRepetition + " " + reps);
        nextRepetition += reps;
        String sent = fromServer.readLine();
        if (sent == null || !sent.equals("sent " + n)) throw new IllegalStateException("replay server said: " + sent);
        if (!done.await(10, TimeUnit.MINUTES)) throw new IllegalStateException("the client did not take every frame in");
        return n;
    }

    private AmiOptions options() {
        return new AmiOptions("127.0.0.1", port, AmiCompanion.USERNAME, SECRET, Duration.ofSeconds(5),
                Duration.ofMillis(500), Duration.ofSeconds(5), Duration.ofSeconds(30));
    }

    /** Counts up to an armed target and opens its latch (called on one thread at a time). */
    private static final class Counter {
        private final AtomicLong count = new AtomicLong();
        private volatile long target = Long.MAX_VALUE;
        private volatile CountDownLatch latch = new CountDownLatch(1);

        CountDownLatch arm(long more) {
            CountDownLatch l = new CountDownLatch(1);
            latch = l;
            target = count.get() + more;
            return l;
        }

        void add() {
            if (count.incrementAndGet() == target) latch.countDown();
        }
    }

    private Intake lean(Vertx vertx) throws Exception {
        CallTracker tracker = new CallTracker(Clock.systemUTC());
        AmiClient client = new AmiClient(vertx, options(), tracker);
        Counter hangups = new Counter();
        // as the app does: the click-to-call listener hears every call event; here it counts the Hangups
        client.addEventListener(e -> { if (e instanceof CallEvent.HungUp) hangups.add(); });
        client.start().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        waitUntil(client::connected, "lean client connected");
        return new Intake() {
            @Override public CountDownLatch expect(long frames, long h) { return hangups.arm(h); }
            @Override public void close() throws Exception {
                client.stop().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            }
        };
    }

    private Intake raw(Vertx vertx) throws Exception {
        Counter events = new Counter();
        CountDownLatch loggedIn = new CountDownLatch(1);
        NetClient net = vertx.createNetClient();
        java.util.concurrent.CompletableFuture<NetSocket> connected = new java.util.concurrent.CompletableFuture<>();
        vertx.runOnContext(v -> net.connect(port, "127.0.0.1").onFailure(connected::completeExceptionally).onSuccess(socket -> {
            // connected from the event loop: the handler is in place before the first read. The banner line ends
            // up at the head of the login's answer, which is fine for a reader that drops everything.
            RecordParser parser = RecordParser.newDelimited("\r\n\r\n", frame -> {
                // parse and drop: only tell events from responses (the login's answer)
                if (frame.length() > 6 && frame.getByte(0) == 'E') events.add();
                else if (frame.toString(StandardCharsets.UTF_8).contains("Authentication accepted")) loggedIn.countDown();
            });
            parser.maxRecordSize(64 * 1024);
            socket.handler(parser);
            socket.write(Buffer.buffer("Action: Login\r\nUsername: " + AmiCompanion.USERNAME + "\r\nSecret: "
                    + SECRET + "\r\nEvents: on\r\n\r\n"));
            connected.complete(socket);
        }));
        NetSocket socket = connected.get(30, TimeUnit.SECONDS);
        if (!loggedIn.await(30, TimeUnit.SECONDS)) throw new IllegalStateException("raw reader not logged in");
        // the login's FullyBooted and SuccessfulAuth events are counted before any run is armed: harmless
        return new Intake() {
            @Override public CountDownLatch expect(long frames, long h) { return events.arm(frames); }
            @Override public void close() throws Exception {
                socket.close();
                net.close();
            }
        };
    }

    private Intake asteriskJava(Vertx vertx) throws Exception {
        CallTracker tracker = new CallTracker(Clock.systemUTC());
        Context context = vertx.getOrCreateContext();
        Counter hangups = new Counter();
        ManagerConnection conn = new ManagerConnectionFactory("127.0.0.1", port, AmiCompanion.USERNAME, SECRET)
                .createManagerConnection();
        // callguard's previous client: asterisk-java's dispatch thread filters, then hops to the event loop
        conn.addEventListener(event -> {
            if (event instanceof NewChannelEvent || event instanceof NewStateEvent || event instanceof HangupEvent) {
                context.runOnContext(v -> applyOld(tracker, event, hangups));
            }
        });
        conn.login("on");
        return new Intake() {
            @Override public CountDownLatch expect(long frames, long h) { return hangups.arm(h); }
            @Override public void close() { conn.logoff(); }
        };
    }

    private static void applyOld(CallTracker tracker, ManagerEvent e, Counter hangups) {
        if (e instanceof NewChannelEvent n) {
            tracker.channelCreated(n.getUniqueId(), n.getLinkedid(), n.getChannel(), n.getAccountCode(),
                    n.getCallerIdNum(), n.getExten(), n.getChannelStateDesc());
        } else if (e instanceof NewStateEvent s) {
            tracker.stateChanged(s.getUniqueId(), s.getChannelStateDesc());
        } else if (e instanceof HangupEvent h) {
            tracker.hungUp(h.getUniqueId(), h.getCause());
            hangups.add();
        }
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new IllegalStateException("timed out: " + what);
            Thread.sleep(10);
        }
    }
}
