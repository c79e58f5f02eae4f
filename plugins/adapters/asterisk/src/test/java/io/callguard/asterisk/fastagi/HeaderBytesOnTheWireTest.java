package io.callguard.asterisk.fastagi;

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

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The session cuts lines from raw bytes itself: a header that arrives in pieces (a line split across reads, CRLF
 * endings, a multi-byte caller name) reads the same as one in a single packet, and fastagi.maxLineLength holds
 * exactly at its bound.
 */
@ExtendWith(VertxExtension.class)
class HeaderBytesOnTheWireTest {
    private static final String MSET_ALLOW = "EXEC MSet \"CALLGUARD_VERDICT=ALLOW,CALLGUARD_MAX_SECONDS=7200\"";
    private FastAgiFixture fx;
    private NetClient raw;

    @AfterEach
    void stop() {
        if (raw != null) FastAgiFixture.await(raw.close());
        if (fx != null) fx.stop();
    }

    @Test
    void headerInSmallPiecesWithCrlfIsReadLikeOnePacket(Vertx vertx) {
        fx = FastAgiFixture.start(vertx, FastAgiFixture.options());
        raw = vertx.createNetClient();
        String header = "agi_network: yes\r\nagi_network_script: outbound\r\nagi_channel: PJSIP/trunk-a-00000001\r\n"
                + "agi_uniqueid: 1795713716.3\r\nagi_callerid: Zoë Élodie\r\nagi_extension: 0612345678\r\n"
                + "agi_accountcode: acme\r\n\r\n";
        byte[] bytes = header.getBytes(StandardCharsets.UTF_8);
        NetSocket s = FastAgiFixture.await(raw.connect(fx.port, FastAgiFixture.HOST));
        Future<String> firstLine = firstLine(s);
        // each piece written after the previous one is on the wire: lines (and the 'ë') are cut across reads
        Future<Void> written = Future.succeededFuture();
        for (int i = 0; i < bytes.length; i += 7) {
            Buffer piece = Buffer.buffer().appendBytes(bytes, i, Math.min(7, bytes.length - i));
            written = written.compose(v -> s.write(piece));
        }
        FastAgiFixture.await(written);

        assertThat(FastAgiFixture.await(firstLine)).isEqualTo(MSET_ALLOW);
        s.write("200 result=1\n");
        fx.until(() -> fx.server.stats().allowed() == 1 && fx.server.activeSessions() == 0, "the session ends");
        assertThat(fx.server.stats().malformed()).isZero();
    }

    @Test
    void aLineOfExactlyMaxLineLengthIsReadOneByteMoreIsRefused(Vertx vertx) {
        FastAgiOptions o = FastAgiFixture.options();
        fx = FastAgiFixture.start(vertx, o);
        raw = vertx.createNetClient();
        String prefix = "agi_padding: ";
        String atLimit = prefix + "x".repeat(o.maxLineLength() - prefix.length());

        NetSocket ok = FastAgiFixture.await(raw.connect(fx.port, FastAgiFixture.HOST));
        Future<String> answer = firstLine(ok);
        ok.write(header(atLimit));
        assertThat(FastAgiFixture.await(answer)).isEqualTo(MSET_ALLOW);
        ok.write("200 result=1\n");

        NetSocket tooLong = FastAgiFixture.await(raw.connect(fx.port, FastAgiFixture.HOST));
        Promise<Void> closed = Promise.promise();
        tooLong.exceptionHandler(e -> { });
        tooLong.closeHandler(v -> closed.tryComplete());
        tooLong.write(header(atLimit + "x"));
        FastAgiFixture.await(closed.future());
        fx.until(() -> fx.server.stats().malformed() == 1 && fx.server.activeSessions() == 0, "the long line is refused");
        assertThat(fx.server.stats().allowed()).isEqualTo(1);
    }

    private static String header(String extraLine) {
        return "agi_network_script: outbound\nagi_channel: PJSIP/trunk-a-00000001\nagi_uniqueid: 1795713716.3\n"
                + extraLine + "\nagi_extension: 0612345678\nagi_accountcode: acme\n\n";
    }

    /** The first line the server sends, without its '\n'. */
    private static Future<String> firstLine(NetSocket s) {
        Promise<String> line = Promise.promise();
        Buffer seen = Buffer.buffer();
        s.handler(data -> {
            seen.appendBuffer(data);
            String text = seen.toString(StandardCharsets.UTF_8);
            int nl = text.indexOf('\n');
            if (nl >= 0) line.tryComplete(text.substring(0, nl));
        });
        return line.future();
    }
}
