package io.callguard.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.parsetools.RecordParser;

import java.util.Set;

/**
 * The floor baseline: a bare Vert.x NetServer that reads the AGI header up to its empty line, sends the command
 * callguard sends for an ordinary allowed call, reads the one reply line and closes. No parsing of the header, no
 * decision, no timers, no logging: what any FastAGI server on Vert.x costs at least.
 */
public final class BareResponder {
    /** Byte for byte callguard's answer to an allowed call with the default duration limit. */
    static final String COMMAND = "EXEC MSet \"CALLGUARD_VERDICT=ALLOW,CALLGUARD_MAX_SECONDS=7200\"\n";
    private static final Buffer COMMAND_BYTES = Buffer.buffer(COMMAND);

    private BareResponder() { }

    /** {@code --port P} (4574) {@code --host H} (127.0.0.1); runs until killed. */
    public static void main(String[] argv) {
        Args a;
        try {
            a = Args.parse(argv, Set.of(), Set.of("port", "host"));
        } catch (IllegalArgumentException e) {
            System.err.println("BareResponder: " + e.getMessage() + " (usage: --port P [--host H])");
            System.exit(2);
            return;
        }
        String host = a.string("host", "127.0.0.1");
        Vertx vertx = Vertx.vertx();
        start(vertx, host, a.integer("port", 4574, 0, 65535))
                .onSuccess(s -> System.out.println("bare-vertx FastAGI responder listening on " + host + ":"
                        + s.actualPort() + " (pid " + ProcessHandle.current().pid() + ")"))
                .onFailure(e -> {
                    System.err.println("BareResponder: cannot listen: " + e);
                    System.exit(1);
                });
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
}
