package io.callguard.asterisk.fastagi;

import io.callguard.core.policy.Decision;
import io.callguard.testkit.agi.AgiSessionResult;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A thousand broken peers (garbage, truncated headers, a 1 MB line, silent half-open sockets, too many lines) are
 * each closed on their own, leave no session or memory behind, and never delay a real Asterisk's answer.
 */
@ExtendWith(VertxExtension.class)
class MalformedPeersDoNotHurtTheServerTest {
    private static final int SESSIONS = 1_000;
    private static final int BATCH = 50;
    private static final long MAX_HEAP_GROWTH = 64L * 1024 * 1024;

    private FastAgiFixture fx;
    private NetClient raw;

    @AfterEach
    void stop() {
        if (fx != null) fx.stop();
    }

    @Test
    void thousandMalformedSessionsLeaveNothingBehind(Vertx vertx) {
        FastAgiOptions o = FastAgiFixture.options();
        // Short header and reply timeouts close the broken sessions quickly; the decision deadline stays long, and
        // the header timeout is not tighter than 500 ms: on a loaded machine the real call of a batch, queued behind
        // ten 1 MiB lines on the same event loop, got neither its header read nor its decision in 200-250 ms.
        fx = FastAgiFixture.start(vertx, new FastAgiOptions(o.host(), o.port(), Duration.ofSeconds(2),
                Duration.ofMillis(500), Duration.ofMillis(200), o.maxLineLength(), o.maxHeaderLines(), o.failureMode(),
                true));
        raw = vertx.createNetClient();
        assertRealCallIsAnswered(); // warm-up, so the heap baseline includes the loaded classes
        long heapBefore = usedHeapAfterGc();

        List<Function<NetSocket, Future<Void>>> kinds = List.of(this::garbage, this::headerWithoutBlankLineThenClose,
                this::megabyteLine, this::halfOpenHeader, this::tooManyHeaderLines);
        for (int start = 0; start < SESSIONS; start += BATCH) {
            List<Future<?>> batch = new ArrayList<>();
            for (int i = start; i < start + BATCH; i++) {
                Function<NetSocket, Future<Void>> kind = kinds.get(i % kinds.size());
                batch.add(raw.connect(fx.port, FastAgiFixture.HOST).compose(kind));
            }
            // a real call in the middle of every batch still gets the right answer
            batch.add(fx.asterisk.run(FastAgiFixture.HOST, fx.port,
                    FastAgiFixture.outbound("acme", "PJSIP/trunk-a-00000001", "0612345678")).map(this::assertAllowed));
            FastAgiFixture.await(Future.all(batch));
        }

        fx.until(() -> fx.server.activeSessions() == 0, "every malformed session is closed");
        assertRealCallIsAnswered();
        FastAgiStats stats = fx.server.stats();
        assertThat(stats.malformed()).isEqualTo(SESSIONS);
        assertThat(stats.activeSessions()).isZero();
        assertThat(usedHeapAfterGc() - heapBefore).as("heap growth in bytes").isLessThan(MAX_HEAP_GROWTH);
    }

    private void assertRealCallIsAnswered() {
        assertAllowed(fx.call(FastAgiFixture.outbound("acme", "PJSIP/trunk-a-00000001", "0612345678")));
    }

    private AgiSessionResult assertAllowed(AgiSessionResult r) {
        assertThat(r.status()).isEqualTo(AgiSessionResult.Status.SUCCESS);
        assertThat(r.variables()).containsEntry(DecisionVariables.VERDICT, "ALLOW").containsEntry(DecisionVariables.MAX_SECONDS, "7200");
        return r;
    }

    // ---- broken peers; each future completes when the server has closed (or the socket is gone) ----

    private Future<Void> garbage(NetSocket s) {
        byte[] bytes = new byte[512];
        new Random(s.localAddress().port()).nextBytes(bytes);
        for (int i = 0; i < bytes.length; i++) if (bytes[i] == '\n') bytes[i] = 'x';
        bytes[bytes.length - 1] = '\n';
        s.write(Buffer.buffer(bytes));
        return closed(s);
    }

    private Future<Void> headerWithoutBlankLineThenClose(NetSocket s) {
        Future<Void> closed = closed(s);
        s.end(Buffer.buffer("agi_network: yes\nagi_network_script: outbound\nagi_channel: PJSIP/trunk-a-00000001\n"));
        return closed;
    }

    private Future<Void> megabyteLine(NetSocket s) {
        byte[] line = new byte[1024 * 1024];
        Arrays.fill(line, (byte) 'a');
        s.write(Buffer.buffer("agi_network: ").appendBytes(line));
        return closed(s);
    }

    private Future<Void> halfOpenHeader(NetSocket s) {
        s.write(Buffer.buffer("agi_network: yes\nagi_network_scr"));
        return closed(s); // the server's header timeout closes it
    }

    private Future<Void> tooManyHeaderLines(NetSocket s) {
        Buffer many = Buffer.buffer();
        for (int i = 0; i < 200; i++) many.appendString("agi_arg_" + i + ": x\n");
        s.write(many);
        return closed(s);
    }

    private static Future<Void> closed(NetSocket s) {
        Promise<Void> p = Promise.promise();
        s.exceptionHandler(e -> { }); // a reset from the server is expected
        s.closeHandler(v -> p.tryComplete());
        return p.future();
    }

    private static long usedHeapAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
