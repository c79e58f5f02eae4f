package io.callguard.bench;

import io.callguard.testkit.agi.AgiEnvironment;
import io.callguard.testkit.agi.AgiSessionResult;
import io.callguard.testkit.agi.EmulatedAgiClient;
import io.vertx.core.Vertx;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Connection flood: opens {@code --count} idle TCP connections to each {@code --port} (the CTI and admin
 * listeners), holds them, and while they are held times FastAGI decisions (an ordinary call and a 112) against
 * {@code --fastagi-port}. Connections come from {@code --sources} loopback addresses (127.0.0.1, 127.0.0.2, …) so that
 * both the per-address and the per-listener limits are reached; everything stays on the loopback interface.
 * Non-blocking connects, at most {@value #IN_FLIGHT} pending at once; a connection the server closes (EOF or reset)
 * counts as refused. Prints one line per port and per decision, then {@code PASS} or {@code FAIL}; exit code 0 on
 * PASS, 1 on FAIL, 2 on a usage error.
 *
 * <pre>java -cp callguard-bench.jar io.callguard.bench.ConnectionFlood --port 8081 --port 8080 --count 25000
 *     --fastagi-port 4573 --account flood-acct --trunk flood-trunk [--sources 16] [--deadline-ms 250] [--samples 20]
 *     [--hold-file PATH]</pre>
 * With {@code --hold-file}, the connections are held after the measurements until that file exists (so that a
 * script can read the server's counters and file descriptors meanwhile).
 */
public final class ConnectionFlood {
    static final int IN_FLIGHT = 512;

    private ConnectionFlood() { }

    /** What happened to the connections opened to one port. */
    static final class PortTally {
        final int port;
        int attempted;
        int connected;
        int refused;      // closed by the server after connecting
        int failed;       // connect itself failed
        PortTally(int port) { this.port = port; }
        int held() { return connected - refused; }
    }

    public static void main(String[] argv) {
        try {
            run(argv);
        } catch (Exception e) {
            // Vert.x threads would otherwise keep the JVM (and the script waiting for it) alive
            System.out.println("flood aborted: " + e);
            System.out.println("FAIL");
            System.exit(1);
        }
    }

    private static void run(String[] argv) throws Exception {
        List<Integer> ports;
        int count, fastAgiPort, sources, samples;
        long deadlineMs;
        String account, trunk, holdFile;
        try {
            Args a = Args.parse(argv, Set.of(), Set.of("port", "count", "fastagi-port", "sources", "samples",
                    "deadline-ms", "account", "trunk", "hold-file"));
            ports = a.integers("port", 0, 65535);
            count = a.integer("count", 0, 0, Integer.MAX_VALUE);
            fastAgiPort = a.integer("fastagi-port", 0, 0, 65535);
            sources = a.integer("sources", 16, 1, 254);
            samples = a.integer("samples", 20, 1, Integer.MAX_VALUE);
            deadlineMs = a.integer("deadline-ms", 250, 0, Integer.MAX_VALUE);
            account = a.string("account", null);
            trunk = a.string("trunk", null);
            holdFile = a.string("hold-file", null);
            if (ports.isEmpty() || count < 1 || fastAgiPort < 1 || account == null || trunk == null) {
                throw new IllegalArgumentException("--port, --count, --fastagi-port, --account and --trunk are required");
            }
        } catch (RuntimeException e) {
            System.err.println("ConnectionFlood: " + e.getMessage());
            System.exit(2);
            return;
        }

        // Baseline before the flood, not judged: it also takes this client's own first-use cost (and a cold
        // server's) out of the measurement under flood.
        Vertx vertx = Vertx.vertx();
        EmulatedAgiClient agi = new EmulatedAgiClient(vertx);
        long epoch = System.currentTimeMillis() / 1000;
        List<Long> before = new ArrayList<>();
        for (int i = 0; i < samples; i++) {
            decide(agi, fastAgiPort, AgiEnvironment.outbound(String.format("PJSIP/%s-%08x", trunk, 100_000 + i),
                    epoch + "." + (100_000 + i), account, "0198765432", "0612345678"), "ALLOW", null, before);
        }
        report("ordinary decision before the flood (not judged)", before, deadlineMs);

        Selector selector = Selector.open();
        List<SocketChannel> open = new ArrayList<>();
        List<PortTally> tallies = new ArrayList<>();
        long started = System.nanoTime();
        for (int port : ports) tallies.add(new PortTally(port));
        int[] pending = {0};
        for (PortTally t : tallies) {
            for (int i = 0; i < count; i++) {
                while (pending[0] >= IN_FLIGHT) pump(selector, 50, pending);
                SocketChannel ch = openBound("127.0.0." + (1 + i % sources), selector, pending);
                t.attempted++;
                open.add(ch);
                try {
                    if (ch.connect(new InetSocketAddress("127.0.0.1", t.port))) {
                        t.connected++;
                        ch.register(selector, SelectionKey.OP_READ, t);
                    } else {
                        pending[0]++;
                        ch.register(selector, SelectionKey.OP_CONNECT, t);
                    }
                } catch (IOException e) {
                    t.failed++;
                    ch.close();
                }
            }
        }
        // settle: every connect answered, and the server's closes of refused connections seen
        long quietSince = System.nanoTime();
        long settleDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < settleDeadline) {
            int events = pump(selector, 100, pending);
            if (events > 0 || pending[0] > 0) quietSince = System.nanoTime();
            else if (System.nanoTime() - quietSince > TimeUnit.MILLISECONDS.toNanos(1500)) break;
        }
        double openSeconds = (System.nanoTime() - started) / 1e9;
        for (PortTally t : tallies) {
            System.out.printf("port %d: %d attempted, %d connected, %d held open, %d closed by the server at once "
                    + "(refused), %d failed to connect%n", t.port, t.attempted, t.connected, t.held(), t.refused, t.failed);
        }
        System.out.printf("flood opened and settled in %.1f s from %d source address(es)%n", openSeconds, sources);

        // FastAGI while the connections are held
        boolean pass = true;
        List<Long> ordinary = new ArrayList<>(), emergency = new ArrayList<>();
        for (int i = 0; i < samples; i++) {
            pass &= decide(agi, fastAgiPort, AgiEnvironment.outbound(String.format("PJSIP/%s-%08x", trunk, 2 * i),
                    epoch + "." + (2 * i), account, "0198765432", "0612345678"), "ALLOW", null, ordinary);
            pass &= decide(agi, fastAgiPort, AgiEnvironment.outbound(String.format("PJSIP/%s-%08x", trunk, 2 * i + 1),
                    epoch + "." + (2 * i + 1), account, "0198765432", "112"), "ALLOW", "EMERGENCY", emergency);
            pump(selector, 0, pending); // keep noticing closes
        }
        pass &= report("ordinary decision", ordinary, deadlineMs);
        pass &= report("112 decision", emergency, deadlineMs);
        int stillHeld = 0;
        for (SocketChannel ch : open) if (ch.isOpen()) stillHeld++;
        System.out.println("connections still held by the flooder after the decisions: " + stillHeld);

        if (holdFile != null) {
            System.out.println("holding until " + holdFile + " exists");
            System.out.flush();
            java.nio.file.Path f = java.nio.file.Path.of(holdFile);
            long holdDeadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
            while (!java.nio.file.Files.exists(f) && System.nanoTime() < holdDeadline) pump(selector, 100, pending);
        }
        for (SocketChannel ch : open) ch.close();
        selector.close();
        agi.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        System.out.println(pass ? "PASS" : "FAIL");
        System.exit(pass ? 0 : 1);
    }

    /**
     * A non-blocking channel bound to {@code source}; when this process is out of descriptors, waits for the
     * server's refusals to be seen (each one frees a descriptor) and tries again, for 10 s at most.
     */
    private static SocketChannel openBound(String source, Selector selector, int[] pending) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            SocketChannel ch = null;
            try {
                ch = SocketChannel.open();
                ch.configureBlocking(false);
                ch.bind(new InetSocketAddress(source, 0));
                return ch;
            } catch (IOException e) {
                if (ch != null) ch.close();
                if (System.nanoTime() > deadline) throw e;
                pump(selector, 50, pending);
            }
        }
    }

    private static boolean decide(EmulatedAgiClient agi, int port, AgiEnvironment env, String verdict, String reason,
                                  List<Long> millis) {
        long t0 = System.nanoTime();
        AgiSessionResult r;
        try {
            r = agi.run("127.0.0.1", port, env).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            System.out.println("FastAGI session failed: " + e);
            return false;
        }
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        millis.add(ms);
        boolean ok = r.status() == AgiSessionResult.Status.SUCCESS && verdict.equals(r.variable("CALLGUARD_VERDICT"))
                && (reason == null || reason.equals(r.variable("CALLGUARD_REASON")));
        if (!ok) {
            System.out.println("unexpected FastAGI answer: " + r.status() + " " + r.variables() + " " + r.failure());
        }
        return ok;
    }

    private static boolean report(String what, List<Long> millis, long deadlineMs) {
        List<Long> sorted = new ArrayList<>(millis);
        Collections.sort(sorted);
        long max = sorted.isEmpty() ? Long.MAX_VALUE : sorted.get(sorted.size() - 1);
        long median = sorted.isEmpty() ? Long.MAX_VALUE : sorted.get(sorted.size() / 2);
        boolean ok = !sorted.isEmpty() && max <= deadlineMs;
        System.out.printf("%s: %d sessions, median %d ms, max %d ms (deadline %d ms, whole session from connect): %s%n",
                what, sorted.size(), median, max, deadlineMs, ok ? "within" : "LATE");
        return ok;
    }

    /** One select round: finishes connects, counts server closes; returns the number of events handled. */
    private static int pump(Selector selector, long timeoutMs, int[] pending) throws IOException {
        int n = timeoutMs == 0 ? selector.selectNow() : selector.select(timeoutMs);
        if (n == 0) return 0;
        ByteBuffer buf = ByteBuffer.allocate(256);
        for (var it = selector.selectedKeys().iterator(); it.hasNext(); ) {
            SelectionKey key = it.next();
            it.remove();
            SocketChannel ch = (SocketChannel) key.channel();
            PortTally t = (PortTally) key.attachment();
            if (!key.isValid()) continue;
            if (key.isConnectable()) {
                pending[0]--;
                try {
                    ch.finishConnect();
                    t.connected++;
                    key.interestOps(SelectionKey.OP_READ);
                } catch (IOException e) {
                    t.failed++;
                    key.cancel();
                    ch.close();
                }
            } else if (key.isReadable()) {
                int read;
                try {
                    buf.clear();
                    read = ch.read(buf);
                } catch (IOException reset) {
                    read = -1;
                }
                if (read < 0) {
                    t.refused++;
                    key.cancel();
                    ch.close();
                }
            }
        }
        return n;
    }

}
