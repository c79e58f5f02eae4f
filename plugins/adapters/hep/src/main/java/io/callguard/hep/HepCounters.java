package io.callguard.hep;

import java.util.concurrent.atomic.LongAdder;

/** What the collector received, read by the metrics and the tests. */
public final class HepCounters {
    final LongAdder received = new LongAdder();
    final LongAdder delivered = new LongAdder();
    final LongAdder malformed = new LongAdder();
    final LongAdder notSip = new LongAdder();
    final LongAdder badPassword = new LongAdder();
    final LongAdder listenerFailures = new LongAdder();

    /** Datagrams received. */
    public long received() { return received.sum(); }
    /** SIP messages handed to the listener. */
    public long delivered() { return delivered.sum(); }
    /** Datagrams dropped: not HEP3, a wrong length, a truncated chunk, unparsable SIP. */
    public long malformed() { return malformed.sum(); }
    /** Well-formed packets of another protocol type than SIP (ignored). */
    public long notSip() { return notSip.sum(); }
    /** Packets without the configured capture password (dropped). */
    public long badPassword() { return badPassword.sum(); }
    /** Messages whose listener threw (logged; the listener keeps going). */
    public long listenerFailures() { return listenerFailures.sum(); }

    @Override public String toString() {
        return "received=" + received() + " delivered=" + delivered() + " malformed=" + malformed()
                + " notSip=" + notSip() + " badPassword=" + badPassword() + " listenerFailures=" + listenerFailures();
    }
}
