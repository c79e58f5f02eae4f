package io.callguard.siprates;

import io.callguard.core.sip.SipMessageSeen;

import java.net.InetAddress;
import java.time.Instant;

/** SIP messages as the capture tells them (tests): enough OPTIONS from one address to go over R7. */
final class SipFlood {
    private SipFlood() { }

    /** One OPTIONS from {@code source} captured {@code micros} after {@code t0}. */
    static SipMessageSeen options(Instant t0, String source, long micros) {
        try {
            return new SipMessageSeen(t0.plusNanos(micros * 1000), InetAddress.getByName(source), 5060,
                    InetAddress.getByName("192.0.2.1"), true, "OPTIONS", "sip:x", 0, "c" + micros, 1, "b" + micros);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** 61 OPTIONS within 610 ms of capture time from {@code source}, starting {@code fromMicros} after {@code t0}. */
    static void overR7(SipRatesModule.Parts parts, Instant t0, String source, long fromMicros) {
        for (int i = 0; i < 61; i++) parts.watch().seen(options(t0, source, fromMicros + i * 10_000L));
    }
}
