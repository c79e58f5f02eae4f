package io.callguard.hep;

import io.callguard.core.sip.SipMessageListener;
import io.callguard.core.sip.SipMessageSeen;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;

/**
 * One datagram to one {@link SipMessageSeen}: decode, check, parse, tell. Never throws: whatever is wrong with a
 * datagram is counted, so a bad peer cannot stop the collector. Separate from the socket so that the bench measures
 * exactly this.
 */
public final class HepIntake {
    private static final Logger LOG = LoggerFactory.getLogger(HepIntake.class);
    private final HepDecoder decoder = new HepDecoder();
    private final LeanSipParser parser = new LeanSipParser();
    private final HepCounters counters = new HepCounters();
    private final SipMessageListener listener;
    private final Clock clock;
    private final byte[] password;
    private final int maxDatagramBytes;

    public HepIntake(SipMessageListener listener, Clock clock, String password) {
        this(listener, clock, password, 65535);
    }

    public HepIntake(SipMessageListener listener, Clock clock, String password, int maxDatagramBytes) {
        this.maxDatagramBytes = maxDatagramBytes;
        this.listener = listener;
        this.clock = clock;
        this.password = password == null || password.isEmpty() ? null : password.getBytes(StandardCharsets.UTF_8);
    }

    public HepCounters counters() { return counters; }

    /** Reads one datagram of {@code length} bytes. */
    public void accept(byte[] data, int length) {
        counters.received.increment();
        SipMessageSeen seen;
        if (length > maxDatagramBytes) {
            counters.malformed.increment();
            return;
        }
        try {
            HepPacket packet = decoder.decode(data, length);
            if (password != null && (packet.password() == null
                    || !MessageDigest.isEqual(password, packet.password().getBytes(StandardCharsets.UTF_8)))) {
                counters.badPassword.increment();
                return;
            }
            if (!packet.isSip()) {
                counters.notSip.increment();
                return;
            }
            SipSummary sip = parser.parse(packet.payload(), packet.payloadOffset(), packet.payloadLength());
            Instant at = packet.seconds() >= 0 ? Instant.ofEpochSecond(packet.seconds(), packet.micros() * 1000) : clock.instant();
            seen = new SipMessageSeen(at, packet.source(), packet.sourcePort(), packet.destination(), sip.request(),
                    sip.method(), sip.requestUri(), sip.statusCode(), sip.callId(), sip.cseq(), sip.topViaBranch());
        } catch (HepFormatException | RuntimeException e) {
            counters.malformed.increment();
            LOG.debug("HEP datagram dropped: {}", e.getMessage());
            return;
        }
        try {
            listener.seen(seen);
            counters.delivered.increment();
        } catch (RuntimeException e) {
            counters.listenerFailures.increment();
            LOG.warn("a SIP message listener failed on a message from {}", seen.source().getHostAddress(), e);
        }
    }
}
