package io.callguard.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.parsetools.RecordParser;

import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The floor baseline: a bare Vert.x NetServer that reads the AGI header up to its empty line, sends the command
 * callguard sends for an ordinary allowed call, reads the one reply line and closes. No parsing of the header, no
 * decision, no timers, no logging: what any FastAGI server on Vert.x costs at least.
 *
 * <p>With {@code --ami-port P} it also reads Asterisk's AMI as cheaply as possible ({@link AmiReader}): the floor
 * of a server that takes the same FastAGI load and the same AMI stream as callguard does in the benchmark.
 */
public final class BareResponder {
    /** Byte for byte callguard's answer to an allowed call with the default duration limit. */
    static final String COMMAND = "EXEC MSet \"CALLGUARD_VERDICT=ALLOW,CALLGUARD_MAX_SECONDS=7200\"\n";
    private static final Buffer COMMAND_BYTES = Buffer.buffer(COMMAND);

    private BareResponder() { }

    /** {@code --port P} (4574) {@code --host H} (127.0.0.1) {@code --ami-port P} (none); runs until killed. */
    public static void main(String[] argv) {
        String host;
        int port;
        int amiPort;
        try {
            Args a = Args.parse(argv, Set.of(), Set.of("port", "host", "ami-port"));
            host = a.string("host", "127.0.0.1");
            port = a.integer("port", 4574, 0, 65535);
            amiPort = a.integer("ami-port", 0, 0, 65535);
        } catch (IllegalArgumentException e) {
            System.err.println("BareResponder: " + e.getMessage() + " (usage: --port P [--host H] [--ami-port P])");
            System.exit(2);
            return;
        }
        Vertx vertx = Vertx.vertx();
        start(vertx, host, port)
                .onSuccess(s -> System.out.println("bare-vertx FastAGI responder listening on " + host + ":"
                        + s.actualPort() + (amiPort > 0 ? ", reading AMI from " + host + ":" + amiPort : "")
                        + " (pid " + ProcessHandle.current().pid() + ")"))
                .onFailure(e -> {
                    System.err.println("BareResponder: cannot listen: " + e);
                    System.exit(1);
                });
        if (amiPort > 0) {
            AmiReader reader = new AmiReader(vertx, host, amiPort);
            reader.start();
            // on the benchmark's TERM: the proof in the server log that the AMI stream did reach this process
            Runtime.getRuntime().addShutdownHook(new Thread(() ->
                    System.out.println("bare-vertx AMI frames read: " + reader.frames())));
        }
    }

    /** Listens; completes with the bound server (port 0 = any free port). */
    static Future<NetServer> start(Vertx vertx, String host, int port) {
        NetServer server = vertx.createNetServer(new NetServerOptions().setHost(host).setPort(port).setTcpNoDelay(true));
        server.connectHandler(BareResponder::serve);
        return server.listen();
    }

    private static void serve(NetSocket socket) {
        boolean[] headerDone = new boolean[1];
        RecordParser lines = RecordParser.newDelimited("\n", line -> {
            int n = line.length();
            if (n > 0 && line.getByte(n - 1) == '\r') n--;
            if (!headerDone[0]) {
                if (n == 0) {
                    headerDone[0] = true;
                    socket.write(COMMAND_BYTES.copy());
                }
            } else if (n > 0) {
                socket.close(); // the reply to our one command (or HANGUP): done
            }
        });
        lines.maxRecordSize(2048);
        lines.exceptionHandler(e -> socket.close());
        socket.handler(lines);
        socket.exceptionHandler(e -> socket.close());
    }

    /**
     * The cheapest AMI reader (AmiIntakeBench's "raw" floor): logs in with a plain secret, then cuts the stream
     * into frames on the empty line and drops them, counting only. Connects again 100 ms after a refusal or a
     * close: the server starts before the load generator that plays Asterisk, and every generator run brings
     * its own emulated AMI.
     */
    static final class AmiReader {
        private static final long RETRY_MILLIS = 100;
        private static final Buffer LOGIN = Buffer.buffer("Action: Login\r\nUsername: " + AmiCompanion.USERNAME
                + "\r\nSecret: " + AmiCompanion.SECRET + "\r\nEvents: on\r\n\r\n");

        private final Vertx vertx;
        private final String host;
        private final int port;
        private final NetClient client;
        private final AtomicLong frames = new AtomicLong();
        private volatile boolean stopped;

        AmiReader(Vertx vertx, String host, int port) {
            this.vertx = vertx;
            this.host = host;
            this.port = port;
            this.client = vertx.createNetClient(new NetClientOptions().setTcpNoDelay(true).setConnectTimeout(2000));
        }

        /** Connects (and keeps connecting) on a context of its own. */
        void start() { vertx.getOrCreateContext().runOnContext(v -> connect()); }

        /** Frames read so far, on every connection (the greeting comes with the login's answer: one frame). */
        long frames() { return frames.get(); }

        /** No more connections (tests: before their Vert.x instance closes). */
        Future<Void> stop() {
            stopped = true;
            return client.close();
        }

        private void connect() {
            if (stopped) return;
            client.connect(port, host).onComplete(ar -> {
                if (ar.failed()) {
                    retry();
                    return;
                }
                NetSocket socket = ar.result();
                // a client retrying a dead port can be handed that very port as its source and connect to itself
                if (socket.localAddress().port() == socket.remoteAddress().port()) {
                    socket.close();
                    retry();
                    return;
                }
                RecordParser parser = RecordParser.newDelimited("\r\n\r\n", frame -> frames.incrementAndGet());
                parser.maxRecordSize(64 * 1024);
                parser.exceptionHandler(e -> socket.close());
                socket.handler(parser);
                socket.exceptionHandler(e -> socket.close());
                socket.closeHandler(v -> retry());
                socket.write(LOGIN.copy());
            });
        }

        private void retry() {
            if (!stopped) vertx.setTimer(RETRY_MILLIS, id -> connect());
        }
    }
}
