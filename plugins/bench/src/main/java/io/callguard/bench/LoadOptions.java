package io.callguard.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

/**
 * What one FastAgiLoad run does.
 *
 * @param target       label printed in the summary ({@code callguard}, {@code bare-vertx}…)
 * @param host         FastAGI server host
 * @param port         FastAGI server port
 * @param script       AGI script path requested ({@code outbound})
 * @param concurrency  sessions kept open at once (closed loop: each ends, the next starts)
 * @param warmup       load before the measured window, not counted
 * @param duration     measured window length; ignored when {@code calls > 0}
 * @param calls        when &gt; 0, the measured window ends after this many completed sessions
 * @param trunks       calls spread over {@code bench-trunk-1..trunks}
 * @param accounts     trunk i belongs to {@code bench-acct-(((i-1) % accounts) + 1)}
 * @param amiPort      &gt; 0: an emulated AMI server on 127.0.0.1:amiPort, Newchannel before each call, Hangup after
 * @param amiWait      how long to wait for the server's AMI login before loading
 * @param sessionTimeout a session not closed by the server within this time counts as a timeout and is closed
 * @param threads      generator event loops
 * @param serverPid    &gt; 0: the server process whose CPU time is measured over the window
 * @param clockTicks   USER_HZ of /proc/&lt;pid&gt;/stat (getconf CLK_TCK)
 * @param json         where to write the JSON report, or null
 * @param note         free text copied into the JSON report (e.g. the policies)
 */
record LoadOptions(String target, String host, int port, String script, int concurrency, Duration warmup,
                   Duration duration, int calls, int trunks, int accounts, int amiPort, Duration amiWait,
                   Duration sessionTimeout, int threads, long serverPid, int clockTicks, Path json, String note) {

    static final String USAGE = """
            usage: java -jar callguard-bench.jar [options]   (io.callguard.bench.FastAgiLoad)
              --port P            FastAGI server port (required)        --host H        (127.0.0.1)
              --target NAME       label of the run (callguard)          --script S      (outbound)
              --concurrency C     sessions at once (32)                 --seconds S     measured window (20)
              --warmup S          seconds of unmeasured load first (5)  --calls N       measure N sessions instead
              --trunks N          bench-trunk-1..N (8)                  --accounts N    bench-acct-1..N (4)
              --ami-port P        run an emulated Asterisk AMI on 127.0.0.1:P (Newchannel/Hangup per call)
              --ami-wait S        wait this long for the server's AMI login (30)
              --timeout S         per-session timeout (10)              --threads N     generator event loops
              --server-pid PID    measure that process's CPU time       --clk-tck N     /proc ticks per s (100)
              --json FILE         write the report as JSON              --note TEXT     copied into the JSON
            """;

    static LoadOptions parse(String[] argv) {
        Args a = Args.parse(argv, Set.of(), Set.of("port", "host", "target", "script", "concurrency", "seconds",
                "warmup", "calls", "trunks", "accounts", "ami-port", "ami-wait", "timeout", "threads", "server-pid",
                "clk-tck", "json", "note"));
        if (!a.has("port")) throw new IllegalArgumentException("--port is required");
        int calls = a.integer("calls", 0, 0, Integer.MAX_VALUE);
        // a counted run measures from the first call unless a warm-up is asked for
        int warmup = a.integer("warmup", calls > 0 ? 0 : 5, 0, 3600);
        int defaultThreads = Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors()));
        return new LoadOptions(a.string("target", "callguard"), a.string("host", "127.0.0.1"),
                a.integer("port", 0, 1, 65535), a.string("script", "outbound"), a.integer("concurrency", 32, 1, 10_000),
                Duration.ofSeconds(warmup), Duration.ofSeconds(a.integer("seconds", 20, 1, 3600)), calls,
                a.integer("trunks", 8, 1, 100_000), a.integer("accounts", 4, 1, 100_000),
                a.integer("ami-port", 0, 0, 65535), Duration.ofSeconds(a.integer("ami-wait", 30, 1, 600)),
                Duration.ofSeconds(a.integer("timeout", 10, 1, 600)), a.integer("threads", defaultThreads, 1, 64),
                a.integer("server-pid", 0, 0, Integer.MAX_VALUE), a.integer("clk-tck", 100, 1, 100_000),
                a.has("json") ? Path.of(a.string("json", "")) : null, a.string("note", ""));
    }

    /** Options for an in-process run (tests): no AMI, no CPU measurement, no JSON. */
    static LoadOptions counted(String target, int port, int concurrency, int calls) {
        return new LoadOptions(target, "127.0.0.1", port, "outbound", concurrency, Duration.ZERO, Duration.ofSeconds(60),
                calls, 8, 4, 0, Duration.ofSeconds(10), Duration.ofSeconds(10), 1, 0, 100, null, "");
    }
}
