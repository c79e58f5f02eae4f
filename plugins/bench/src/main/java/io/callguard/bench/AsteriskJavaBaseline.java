package io.callguard.bench;

import org.asteriskjava.fastagi.AgiChannel;
import org.asteriskjava.fastagi.AgiException;
import org.asteriskjava.fastagi.AgiRequest;
import org.asteriskjava.fastagi.AgiScript;
import org.asteriskjava.fastagi.DefaultAgiServer;

import java.net.InetAddress;
import java.util.Set;

/**
 * The "what a Java shop writes without callguard" baseline: asterisk-java's DefaultAgiServer (a thread per
 * session from a pool, blocking sockets) with a script that sends the same one command as callguard for an
 * allowed call, {@code EXEC MSet CALLGUARD_VERDICT=ALLOW,CALLGUARD_MAX_SECONDS=7200}, and no logic.
 */
public final class AsteriskJavaBaseline {
    private AsteriskJavaBaseline() { }

    /** The script: one command, then asterisk-java closes the connection. */
    static final class AllowScript implements AgiScript {
        @Override public void service(AgiRequest request, AgiChannel channel) throws AgiException {
            channel.exec("MSet", "CALLGUARD_VERDICT=ALLOW,CALLGUARD_MAX_SECONDS=7200");
        }
    }

    /** {@code --port P} (4575) {@code --host H} (127.0.0.1) {@code --pool N} (worker threads, 64); runs until killed. */
    public static void main(String[] argv) throws Exception {
        Args a;
        try {
            a = Args.parse(argv, Set.of(), Set.of("port", "host", "pool"));
        } catch (IllegalArgumentException e) {
            System.err.println("AsteriskJavaBaseline: " + e.getMessage() + " (usage: --port P [--host H] [--pool N])");
            System.exit(2);
            return;
        }
        int port = a.integer("port", 4575, 1, 65535);
        int pool = a.integer("pool", 64, 1, 10_000);
        DefaultAgiServer server = new DefaultAgiServer(new AllowScript());
        server.setAddress(InetAddress.getByName(a.string("host", "127.0.0.1")));
        server.setPort(port);
        server.setPoolSize(pool);
        server.setMaximumPoolSize(pool);
        System.out.println("asterisk-java FastAGI baseline listening on " + a.string("host", "127.0.0.1") + ":" + port
                + " (pid " + ProcessHandle.current().pid() + ")");
        server.startup(); // blocks: accepts until the process is killed
    }
}
