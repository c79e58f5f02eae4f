package io.callguard.http;

import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * Caps the connections one HTTP listener holds open: at most {@code maxConnections} in all and at most
 * {@code maxPerAddress} from one source address. A connection over either limit is closed as soon as it is
 * accepted (before any byte of it is read) and counted, so that unauthenticated peers cannot exhaust the process's
 * file descriptors, which FastAGI needs. Refusals are logged as one WARN per {@link #WARN_EVERY_NANOS} at most.
 *
 * <p>Thread-safe: connections of one listener are spread over every event loop.
 */
public final class ConnectionLimit {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionLimit.class);
    static final long WARN_EVERY_NANOS = TimeUnit.SECONDS.toNanos(10);

    /** Why a connection was refused. */
    public enum Refusal { LISTENER_FULL, ADDRESS_FULL }

    private final String listener;
    private final int maxConnections;
    private final int maxPerAddress;
    private final LongSupplier nanoTime;
    private final AtomicInteger open = new AtomicInteger();
    private final ConcurrentHashMap<String, AtomicInteger> perAddress = new ConcurrentHashMap<>();
    private final LongAdder refusedListenerFull = new LongAdder();
    private final LongAdder refusedAddressFull = new LongAdder();
    private final AtomicLong lastWarn = new AtomicLong();
    private final AtomicLong refusedSinceWarn = new AtomicLong();

    /**
     * @param listener       the key prefix of the listener ({@code admin}, {@code cti}), named in the WARN
     * @param maxConnections connections open at once on the listener
     * @param maxPerAddress  connections open at once from one source address
     */
    public ConnectionLimit(String listener, int maxConnections, int maxPerAddress) {
        this(listener, maxConnections, maxPerAddress, System::nanoTime);
    }

    ConnectionLimit(String listener, int maxConnections, int maxPerAddress, LongSupplier nanoTime) {
        if (maxConnections < 1 || maxPerAddress < 1) throw new IllegalArgumentException("limits must be positive");
        this.listener = listener;
        this.maxConnections = maxConnections;
        this.maxPerAddress = maxPerAddress;
        this.nanoTime = nanoTime;
        this.lastWarn.set(nanoTime.getAsLong() - WARN_EVERY_NANOS);
    }

    /**
     * Admits a new connection from {@code address}, or says why not (then nothing is held: do not
     * {@link #release} it).
     *
     * @return null when admitted
     */
    public Refusal admit(String address) {
        if (open.incrementAndGet() > maxConnections) {
            open.decrementAndGet();
            return refused(Refusal.LISTENER_FULL, address);
        }
        AtomicInteger mine = perAddress.compute(address, (a, n) -> {
            AtomicInteger count = n == null ? new AtomicInteger() : n;
            count.incrementAndGet();
            return count;
        });
        if (mine.get() > maxPerAddress) {
            release(address);
            return refused(Refusal.ADDRESS_FULL, address);
        }
        return null;
    }

    /** An admitted connection from {@code address} closed. */
    public void release(String address) {
        // compute() serialises with admit(): an address's entry is removed only once its last connection is gone
        perAddress.computeIfPresent(address, (a, n) -> n.decrementAndGet() <= 0 ? null : n);
        open.decrementAndGet();
    }

    private Refusal refused(Refusal why, String address) {
        (why == Refusal.LISTENER_FULL ? refusedListenerFull : refusedAddressFull).increment();
        refusedSinceWarn.incrementAndGet();
        long now = nanoTime.getAsLong();
        long last = lastWarn.get();
        if (now - last >= WARN_EVERY_NANOS && lastWarn.compareAndSet(last, now)) {
            long count = refusedSinceWarn.getAndSet(0);
            LOG.warn("{} listener: {} connection(s) refused since the last warning, the last one from {} ({}); "
                            + "limits {}.maxConnections={}, {}.maxConnectionsPerAddress={}",
                    listener, count, address, why == Refusal.LISTENER_FULL ? "listener full" : "too many from this address",
                    listener, maxConnections, listener, maxPerAddress);
        }
        return why;
    }

    public int maxConnections() { return maxConnections; }

    public int maxConnectionsPerAddress() { return maxPerAddress; }

    /** Connections open now. */
    public int open() { return open.get(); }

    /** Source addresses with at least one connection open now. */
    public int addresses() { return perAddress.size(); }

    /** Connections refused because the listener was full, since start. */
    public long refusedListenerFull() { return refusedListenerFull.sum(); }

    /** Connections refused because their address had too many open, since start. */
    public long refusedAddressFull() { return refusedAddressFull.sum(); }

    /** Every connection refused since start. */
    public long refused() { return refusedListenerFull.sum() + refusedAddressFull.sum(); }

    /** The counters as {@code GET /admin/v1/listeners} shows them. */
    public static JsonObject json(ConnectionLimit limit) {
        return new JsonObject().put("open", limit.open()).put("addresses", limit.addresses())
                .put("maxConnections", limit.maxConnections)
                .put("maxConnectionsPerAddress", limit.maxPerAddress)
                .put("refused", limit.refused())
                .put("refusedListenerFull", limit.refusedListenerFull())
                .put("refusedAddressFull", limit.refusedAddressFull());
    }
}
