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
 * on the socket's event thread. The receive buffer is set to {@code hep.maxDatagramBytes} (Netty otherwise cuts UDP
 * datagrams at 2048 bytes, less than an INVITE with its SDP may need).
 */
public final class HepCollector {
    private static final Logger LOG = LoggerFactory.getLogger(HepCollector.class);
    private final Vertx vertx;
    private final HepOptions options;
    private final HepIntake intake;
    private volatile DatagramSocket socket;

    public HepCollector(Vertx vertx, HepOptions options, SipMessageListener listener, Clock clock) {
        this.vertx = vertx;
        this.options = options;
        this.intake = new HepIntake(listener, clock, options.password());
    }

    public HepCounters counters() { return intake.counters(); }

    /** Binds the socket; completes with the bound port (useful with port 0 in tests). */
    public Future<Integer> start() {
        DatagramSocket s = vertx.createDatagramSocket(new DatagramSocketOptions()
                .setReceiveBufferSize(options.maxDatagramBytes()));
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
