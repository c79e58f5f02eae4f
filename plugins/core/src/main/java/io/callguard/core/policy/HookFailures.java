package io.callguard.core.policy;

import io.callguard.core.log.RateLimitedLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * Failures of the hooks that run after a decision is taken ({@link Policy#onDecided}, {@link DecisionListener}):
 * they never change or delay the decision, but they must not go unseen (a channel cap whose {@code onDecided} throws
 * leaks a trunk slot). Each failure is logged at WARN naming the policy or listener, at most a few lines per minute
 * per name so that a hook failing on every call under load cannot flood the log, and counted per name for the
 * metrics. Thread-safe.
 */
public final class HookFailures {
    /** Lines written per name and window; the rest are counted and summed up in the next window's first line. */
    static final int LINES_PER_WINDOW = 5;
    static final Duration WINDOW = Duration.ofMinutes(1);
    private static final Logger LOG = LoggerFactory.getLogger(HookFailures.class);

    private final Logger log;
    private final LongSupplier nanoTime;
    private final ConcurrentHashMap<String, LongAdder> counts = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, RateLimitedLog> logs = new ConcurrentHashMap<>();

    public HookFailures() { this(LOG, System::nanoTime); }

    /** @param nanoTime a monotonic time in nanoseconds for the log's windows (a test's ticker) */
    HookFailures(Logger log, LongSupplier nanoTime) {
        this.log = Objects.requireNonNull(log, "log");
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
    }

    /** Policy {@code policy}'s {@link Policy#onDecided} threw {@code error} hearing {@code decision}. */
    public void policyFailed(String policy, CallContext call, Decision decision, RuntimeException error) {
        String key = policyKey(policy);
        count(key);
        logFor(key).warn("policy '{}' failed in onDecided for call {} ({}); the decision stands, but what the policy "
                + "keeps (a trunk slot) may be wrong until its next reconciliation: {}", policy, call.uniqueId(),
                decision.verdict(), error.toString(), error);
    }

    /** Listener {@code listener} threw {@code error} hearing {@code decision}. */
    public void listenerFailed(String listener, CallContext call, Decision decision, RuntimeException error) {
        String key = listenerKey(listener);
        count(key);
        logFor(key).warn("decision listener '{}' failed for call {} ({}); the decision stands: {}", listener,
                call.uniqueId(), decision.verdict(), error.toString(), error);
    }

    /** Failures of policy {@code name}'s onDecided since start. */
    public long ofPolicy(String name) { return count(counts.get(policyKey(name))); }

    /** Failures of decision listener {@code name} since start. */
    public long ofListener(String name) { return count(counts.get(listenerKey(name))); }

    /**
     * Every failure count since start, by {@code policy:<name>} or {@code listener:<name>}, sorted by key (names
     * without any failure are absent).
     */
    public Map<String, Long> snapshot() {
        Map<String, Long> out = new TreeMap<>();
        counts.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    private void count(String key) { counts.computeIfAbsent(key, k -> new LongAdder()).increment(); }

    private RateLimitedLog logFor(String key) {
        // one window per name: a policy failing on every call does not hide the first failure of a listener
        return logs.computeIfAbsent(key, k -> new RateLimitedLog(log, LINES_PER_WINDOW, WINDOW, nanoTime,
                RateLimitedLog.DEFAULT_SUMMARY));
    }

    private static long count(LongAdder n) { return n == null ? 0 : n.sum(); }

    private static String policyKey(String name) { return "policy:" + name; }

    private static String listenerKey(String name) { return "listener:" + name; }
}
