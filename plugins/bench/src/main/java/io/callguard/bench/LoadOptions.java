package io.callguard.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What one FastAgiLoad run does.
 *
 * @param target       label printed in the summary ({@code callguard}, {@code bare-vertx}…)
 * @param host         FastAGI server host
 * @param port         FastAGI server port
 * @param script       AGI script path requested ({@code outbound})
 * @param concurrency  closed loop: sessions kept open at once (each ends, the next starts)
 * @param warmup       at least this long of load before the measured window, not counted
 * @param warmupCalls  the measured window opens once this many sessions have ended (and {@code warmup} passed)
 * @param duration     measured window length; ignored when {@code calls > 0}
 * @param calls        when &gt; 0, the measured window ends after this many completed sessions
 * @param rate         when &gt; 0, an open loop: this many calls started per second, latency from the schedule
 * @param maxInFlight  offered rate: calls in flight beyond which a due call is not started (counted)
 * @param trunks       calls spread over {@code bench-trunk-1..trunks}
 * @param accounts     trunk i belongs to {@code bench-acct-(((i-1) % accounts) + 1)}
 * @param amiPort      &gt; 0: an emulated AMI server on 127.0.0.1:amiPort playing each call's frames
 * @param amiFrames    which frames a call produces ({@link AmiCompanion.Mode})
 * @param captures     the real captures directory ({@code shared/asterisk}), or null to search for it
 * @param answerDelay  AMI: dial → answer of an allowed call
 * @param hold         AMI: answer → hang-up of an allowed call
 * @param amiWait      how long to wait for the server's AMI login before loading
 * @param sessionTimeout a session not closed by the server within this time counts as a timeout and is closed
 * @param threads      generator event loops
 * @param serverPid    &gt; 0: the server process whose CPU time is measured over the window (and, apart, the CPU
 *                     time of its JIT compiler threads)
 * @param storePids    processes of the server's database (e.g. its PostgreSQL backends) whose CPU time is measured
 *                     over the window too, reported apart; empty: none
 * @param clockTicks   USER_HZ of /proc/&lt;pid&gt;/stat (getconf CLK_TCK)
 * @param json         where to write the JSON report, or null
 * @param note         free text copied into the JSON report (e.g. the policies)
 * @param callLog      with the AMI: where to write, at the end, when each call's Newchannel and Hangup frames were
 *                     written to the AMI sockets (testbed/records-crash.sh compares them with the records; also on TERM), or null
 * @param settle       after {@code warmupCalls}, more warm-up until the server's JIT settles ({@link JitSettle#OFF}: none)
 * @param windows      measured windows in a row (each after a short warm-up of its own that brings the load back):
 *                     a report gives their min and median, as one window at a low rate moves by a quarter between runs
 */
record LoadOptions(String target, String host, int port, String script, int concurrency, Duration warmup,
                   int warmupCalls, Duration duration, int calls, int rate, int maxInFlight, int trunks, int accounts,
                   int amiPort, AmiCompanion.Mode amiFrames, Path captures, Duration answerDelay, Duration hold,
                   Duration amiWait, Duration sessionTimeout, int threads, long serverPid, List<Long> storePids,
                   int clockTicks, Path json, String note, Path callLog, JitSettle settle, int windows) {
    LoadOptions {
        storePids = List.copyOf(storePids);
        java.util.Objects.requireNonNull(settle, "settle");
        if (windows < 1) throw new IllegalArgumentException("--windows: at least 1");
    }

    /**
     * The warm-up goes on, {@code round} sessions at a time, until the server's JIT compiler threads took at most
     * {@code microsPerDecision} of CPU per session over {@code quietRounds} rounds in a row, or {@code maxSessions}
     * have ended in all: the window then opens on the steady state rather than on a count that suits one server and
     * not another. One quiet round was not enough: a branch first taken later (a table's first wrap-around) makes a
     * whole inlined path of callguard's recompile, and its JIT came back in the window (session 12).
     * <p>
     * Nor is a quiet JIT enough while the server has not been up for {@code serverUptime}: a server's periodic tasks
     * are driven by time, not by calls, and the first run of one takes branches no call took (callguard's caps
     * reconciliation every 60 s asks Asterisk for {@code CoreShowChannels}: its answer's events made the whole
     * inlined AMI path recompile, over a second of C2 on the server's CPU, inside the window; session 13). The warm-up
     * stays counted in sessions; this only keeps the window from opening before every periodic task has run once.
     */
    record JitSettle(double microsPerDecision, int round, int maxSessions, int quietRounds, Duration serverUptime) {
        static final JitSettle OFF = new JitSettle(0, 0, 0, 1, Duration.ZERO);

        JitSettle {
            if (microsPerDecision < 0 || round < 0 || maxSessions < 0) throw new IllegalArgumentException("--settle-*: not negative");
            if (microsPerDecision > 0 && round < 1) throw new IllegalArgumentException("--settle-round: at least 1");
            if (quietRounds < 1) throw new IllegalArgumentException("--settle-quiet-rounds: at least 1");
            if (serverUptime.isNegative()) throw new IllegalArgumentException("--settle-uptime: not negative");
        }

        JitSettle(double microsPerDecision, int round, int maxSessions, int quietRounds) {
            this(microsPerDecision, round, maxSessions, quietRounds, Duration.ZERO);
        }

        JitSettle(double microsPerDecision, int round, int maxSessions) { this(microsPerDecision, round, maxSessions, 1); }

        boolean on() { return microsPerDecision > 0; }
    }

    /** Sessions of warm-up by default: enough for the JIT to compile the server's whole path (C2 included). */
    static final int DEFAULT_WARMUP_CALLS = 20_000;

    static final String USAGE = """
            usage: java -jar callguard-bench.jar [options]   (io.callguard.bench.FastAgiLoad)
              --port P            FastAGI server port (required)        --host H        (127.0.0.1)
              --target NAME       label of the run (callguard)          --script S      (outbound)
              --concurrency C     closed loop: sessions at once (32)    --seconds S     measured window (20)
              --rate N            open loop instead: N calls started per second, latency from each call's schedule
              --max-in-flight N   open loop: calls at once beyond which a due call is skipped and counted (5000)
              --warmup-calls N    unmeasured sessions first (20000; 0 with --calls)
              --warmup S          and at least S seconds of unmeasured load (0)
              --settle-jit US     then go on warming up until the server's JIT took at most US of CPU per session
                                  over a round (0: off; needs --server-pid)
              --settle-round N    sessions per round (20000)            --settle-max N  warm-up sessions at most,
                                                                          all counted (1000000)
              --settle-quiet-rounds N  rounds in a row under the threshold (2)
              --settle-uptime S   and until the server has been up S seconds: its periodic tasks (a 60 s one
                                  recompiles a path no call takes) have run once before the window (0)
              --calls N           measure N sessions instead of --seconds
              --windows N         N measured windows in a row, each after a short warm-up of its own (2 s of calls at
                                  the rate, 2000 sessions closed loop); the report is the window of median server CPU
                                  per decision, with every window's figures and their min and median (1)
              --trunks N          bench-trunk-1..N (8)                  --accounts N    bench-acct-1..N (4)
              --ami-port P        run an emulated Asterisk AMI on 127.0.0.1:P playing each call's frames
              --ami-frames M      asterisk: the 8 frames of a real answered call (outbound-answered capture,
                                  shipped filter; 2 for a denied one) | minimal: Newchannel + Hangup (asterisk)
              --captures DIR      the real captures (shared/asterisk; searched above the working directory)
              --answer-ms N       AMI: dial -> answer (0)               --hold-ms N     answer -> hang-up (0)
              --ami-wait S        wait this long for the server's AMI login (30)
              --timeout S         per-session timeout (10)              --threads N     generator event loops
              --server-pid PID    measure that process's CPU time       --clk-tck N     /proc ticks per s (100)
              --store-pids P,P    and apart, the CPU time of these (the server's database processes)
              --json FILE         write the report as JSON              --note TEXT     copied into the JSON
              --call-log FILE     AMI: per call, "<uniqueid> <newchannel epoch ms> <hangup epoch ms>" (when each
                                  was written to the AMI sockets; -1: no hangup sent), written at the end or on TERM
            """;

    static LoadOptions parse(String[] argv) {
        Args a = Args.parse(argv, Set.of(), Set.of("port", "host", "target", "script", "concurrency", "seconds",
                "warmup", "warmup-calls", "calls", "rate", "max-in-flight", "trunks", "accounts", "ami-port",
                "ami-frames", "captures", "answer-ms", "hold-ms", "ami-wait", "timeout", "threads", "server-pid",
                "store-pids", "clk-tck", "json", "note", "call-log", "settle-jit", "settle-round", "settle-max",
                "settle-quiet-rounds", "settle-uptime", "windows"));
        if (!a.has("port")) throw new IllegalArgumentException("--port is required");
        int calls = a.integer("calls", 0, 0, Integer.MAX_VALUE);
        // a counted run measures from the first call unless a warm-up is asked for
        int warmup = a.integer("warmup", 0, 0, 3600);
        int warmupCalls = a.integer("warmup-calls", calls > 0 ? 0 : DEFAULT_WARMUP_CALLS, 0, Integer.MAX_VALUE);
        String frames = a.string("ami-frames", "asterisk");
        AmiCompanion.Mode mode = switch (frames) {
            case "asterisk" -> AmiCompanion.Mode.ASTERISK;
            case "minimal" -> AmiCompanion.Mode.MINIMAL;
            default -> throw new IllegalArgumentException("--ami-frames: asterisk or minimal, not '" + frames + "'");
        };
        int defaultThreads = Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors()));
        double settleMicros = a.integer("settle-jit", 0, 0, 1_000_000);
        if (settleMicros > 0 && !a.has("server-pid")) throw new IllegalArgumentException("--settle-jit needs --server-pid");
        JitSettle settle = settleMicros > 0 ? new JitSettle(settleMicros, a.integer("settle-round", 20_000, 1, 10_000_000),
                a.integer("settle-max", 1_000_000, 1, Integer.MAX_VALUE), a.integer("settle-quiet-rounds", 2, 1, 1000),
                Duration.ofSeconds(a.integer("settle-uptime", 0, 0, 86_400)))
                : JitSettle.OFF;
        return new LoadOptions(a.string("target", "callguard"), a.string("host", "127.0.0.1"),
                a.integer("port", 0, 1, 65535), a.string("script", "outbound"), a.integer("concurrency", 32, 1, 10_000),
                Duration.ofSeconds(warmup), warmupCalls, Duration.ofSeconds(a.integer("seconds", 20, 1, 3600)), calls,
                a.integer("rate", 0, 0, 1_000_000), a.integer("max-in-flight", 5000, 1, 1_000_000),
                a.integer("trunks", 8, 1, 100_000), a.integer("accounts", 4, 1, 100_000),
                a.integer("ami-port", 0, 0, 65535), mode, a.has("captures") ? Path.of(a.string("captures", "")) : null,
                Duration.ofMillis(a.integer("answer-ms", 0, 0, 3_600_000)),
                Duration.ofMillis(a.integer("hold-ms", 0, 0, 3_600_000)),
                Duration.ofSeconds(a.integer("ami-wait", 30, 1, 600)),
                Duration.ofSeconds(a.integer("timeout", 10, 1, 600)), a.integer("threads", defaultThreads, 1, 64),
                a.integer("server-pid", 0, 0, Integer.MAX_VALUE), pids(a.string("store-pids", "")),
                a.integer("clk-tck", 100, 1, 100_000),
                a.has("json") ? Path.of(a.string("json", "")) : null, a.string("note", ""),
                a.has("call-log") ? Path.of(a.string("call-log", "")) : null, settle, a.integer("windows", 1, 1, 100));
    }

    private static List<Long> pids(String list) {
        List<Long> pids = new ArrayList<>();
        for (String p : list.split(",")) {
            if (p.isBlank()) continue;
            try {
                pids.add(Long.parseLong(p.trim()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--store-pids: process ids separated by commas, not '" + list + "'");
            }
        }
        return pids;
    }

    /** Options for an in-process run (tests): no AMI, no CPU measurement, no JSON. */
    static LoadOptions counted(String target, int port, int concurrency, int calls) {
        return new LoadOptions(target, "127.0.0.1", port, "outbound", concurrency, Duration.ZERO, 0,
                Duration.ofSeconds(60), calls, 0, 5000, 8, 4, 0, AmiCompanion.Mode.ASTERISK, null, Duration.ZERO,
                Duration.ZERO, Duration.ofSeconds(10), Duration.ofSeconds(10), 1, 0, List.of(), 100, null, "", null, JitSettle.OFF, 1);
    }

    /**
     * The options of a further measured window on a server the first one has warmed: a short warm-up of its own (2 s
     * of calls at the rate, or 2,000 sessions closed loop) brings the load back to its steady state, no JIT settling.
     */
    LoadOptions nextWindow() {
        int again = rate > 0 ? 2 * rate : 2_000;
        return new LoadOptions(target, host, port, script, concurrency, Duration.ZERO, again, duration, calls, rate,
                maxInFlight, trunks, accounts, amiPort, amiFrames, captures, answerDelay, hold, amiWait,
                sessionTimeout, threads, serverPid, storePids, clockTicks, json, note, callLog, JitSettle.OFF, 1);
    }

    /** The same options with another offered rate (0: closed loop). */
    LoadOptions withRate(int newRate) {
        return new LoadOptions(target, host, port, script, concurrency, warmup, warmupCalls, duration, calls, newRate,
                maxInFlight, trunks, accounts, amiPort, amiFrames, captures, answerDelay, hold, amiWait,
                sessionTimeout, threads, serverPid, storePids, clockTicks, json, note, callLog, settle, windows);
    }

    /** The same options with a JIT-settled warm-up measured on the process {@code newServerPid}. */
    LoadOptions withSettle(JitSettle newSettle, long newServerPid) {
        return new LoadOptions(target, host, port, script, concurrency, warmup, warmupCalls, duration, calls, rate,
                maxInFlight, trunks, accounts, amiPort, amiFrames, captures, answerDelay, hold, amiWait,
                sessionTimeout, threads, newServerPid, storePids, clockTicks, json, note, callLog, newSettle, windows);
    }

    /**
     * The same options measuring {@code newCalls} sessions after {@code newWarmupCalls}, with another AMI hold
     * (negative: allowed calls are kept up).
     */
    LoadOptions withCalls(int newCalls, int newWarmupCalls, Duration newHold) {
        return new LoadOptions(target, host, port, script, concurrency, warmup, newWarmupCalls, duration, newCalls,
                rate, maxInFlight, trunks, accounts, amiPort, amiFrames, captures, answerDelay, newHold, amiWait,
                sessionTimeout, threads, serverPid, storePids, clockTicks, json, note, callLog, settle, windows);
    }
}
