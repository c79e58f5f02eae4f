package io.callguard.hep;

import io.callguard.core.sip.SipMessageListener;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.datagram.DatagramSocket;
import io.vertx.core.datagram.DatagramSocketOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;

/**
 * The HEP v3 listener: a Vert.x UDP socket on {@code hep.host:hep.port}, each datagram handed to a {@link HepIntake}
 * on the socket's event thread. Vert.x sets both the kernel's receive buffer (SO_RCVBUF) and Netty's read buffer from
 * one size: {@link #RECEIVE_BUFFER_BYTES}, so that a burst of mirrored messages waits in the kernel instead of being
 * dropped (64 KiB held only a few dozen small datagrams) and no datagram is cut (Netty's default cuts UDP datagrams at
 * 2048 bytes, less than an INVITE with its SDP may need). A datagram longer than {@code hep.maxDatagramBytes} is
 * counted malformed and dropped.
 */
public final class HepCollector {
    private static final Logger LOG = LoggerFactory.getLogger(HepCollector.class);
    /** 1 MiB: a few thousand mirrored messages of a burst wait in the kernel. */
    static final int RECEIVE_BUFFER_BYTES = 1 << 20;
    private final Vertx vertx;
    private final HepOptions options;
    private final HepIntake intake;
    private volatile DatagramSocket socket;

    public HepCollector(Vertx vertx, HepOptions options, SipMessageListener listener, Clock clock) {
        this.vertx = vertx;
        this.options = options;
        this.intake = new HepIntake(listener, clock, options.password(), options.maxDatagramBytes());
    }

    public HepCounters counters() { return intake.counters(); }

    /** Binds the socket; completes with the bound port (useful with port 0 in tests). */
    public Future<Integer> start() {
        DatagramSocket s = vertx.createDatagramSocket(new DatagramSocketOptions()
                .setReceiveBufferSize(RECEIVE_BUFFER_BYTES));
        s.handler(packet -> {
            Buffer data = packet.data();
            byte[] bytes = data.getBytes();
            intake.accept(bytes, bytes.length);
        });
        s.exceptionHandler(e -> LOG.warn("HEP socket error (the collector keeps listening)", e));
        return s.listen(options.port(), options.host()).map(bound -> {
            socket = bound;
            int port = bound.localAddress().port();
            LOG.info("HEP collector listening on {}:{}", options.host(), port);
            return port;
        });
    }

    public Future<Void> stop() {
        DatagramSocket s = socket;
        socket = null;
        return s == null ? Future.succeededFuture() : s.close();
    }
}
