package io.callguard.asterisk.fastagi;

import io.callguard.core.metrics.Meters;
import io.callguard.core.policy.Decision;
import io.callguard.core.policy.Direction;
import io.callguard.core.policy.Verdict;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.ToDoubleFunction;

/**
 * The FastAGI server's meters (docs/metrics.md): every answer sent, by script, verdict, reason and policy
 * ({@code callguard_decisions_total}), the time from a complete header to the answer
 * ({@code callguard_decision_duration_seconds}), the fail-safe answers by cause, the sessions open, and the server's
 * other counters read at scrape time from {@link FastAgiCounters} (nothing more on the hot path).
 *
 * <p>The decision counters are resolved once per (script, verdict, reason, policy) and kept in lock-free maps: an
 * answer costs two map reads and a counter increment, no allocation. Scripts are bounded ({@code outbound},
 * {@code inbound}, {@code unknown}), reasons are the code's constants, policies the configured ones.
 */
final class FastAgiMetrics {
    /** The {@code policy} label of the answers no policy gave: deadline, engine failure, unknown script. */
    static final String FAILSAFE = "failsafe";
    /** The {@code reason} label of a plain ALLOW (no reason). */
    static final String NO_REASON = "NONE";

    private static final String[] SCRIPTS = {"outbound", "inbound", "unknown"};
    /** Decision latency buckets (seconds): a decision takes tens of µs, the deadline is 250 ms by default. */
    private static final Duration[] BUCKETS = {Duration.ofNanos(50_000), Duration.ofNanos(100_000),
            Duration.ofNanos(250_000), Duration.ofNanos(500_000), Duration.ofMillis(1), Duration.ofMillis(2),
            Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
            Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1)};

    private final MeterRegistry registry;
    /** [script][verdict] → reason → policy → counter. */
    private final ConcurrentHashMap<String, ConcurrentHashMap<String, Counter>>[][] decisions;
    private final Timer latency;

    @SuppressWarnings("unchecked")
    FastAgiMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.decisions = new ConcurrentHashMap[SCRIPTS.length][Verdict.values().length];
        for (ConcurrentHashMap<String, ConcurrentHashMap<String, Counter>>[] row : decisions) {
            for (int v = 0; v < row.length; v++) row[v] = new ConcurrentHashMap<>();
        }
        this.latency = Timer.builder(Meters.PREFIX + "decision.duration")
                .description("time from a FastAGI session's complete header to its answer written (server side)")
                .serviceLevelObjectives(BUCKETS).minimumExpectedValue(BUCKETS[0])
                .maximumExpectedValue(BUCKETS[BUCKETS.length - 1]).register(registry);
    }

    /** A registry that records nothing (the warm-up's sessions, tests). */
    static FastAgiMetrics none() { return new FastAgiMetrics(Meters.none()); }

    private void failsafe(String cause, LongAdder count) {
        FunctionCounter.builder(Meters.PREFIX + "fastagi.failsafe.answers", count, LongAdder::sum)
                .description("answers given without a policy's decision (fastagi.failureMode, emergency first), by cause")
                .tag("cause", cause).register(registry);
    }

    /** The server's counters and gauges, read at each scrape. */
    void bind(FastAgiCounters counters, java.util.function.LongSupplier refused) {
        Gauge.builder(Meters.PREFIX + "fastagi.sessions.open", counters.active, a -> a.get())
                .description("FastAGI sessions open now").register(registry);
        counter("fastagi.sessions", "FastAGI sessions accepted", counters.opened, LongAdder::sum);
        FunctionCounter.builder(Meters.PREFIX + "fastagi.connections.refused", refused, r -> r.getAsLong())
                .description("FastAGI connections closed at accept: fastagi.maxConnections sessions were open")
                .register(registry);
        failsafe("deadline", counters.deadlineHits);
        failsafe("error", counters.policyErrors);
        failsafe("unknown_script", counters.unknownScripts);
        counter("fastagi.sessions.malformed", "sessions closed for a malformed or late header", counters.malformed, LongAdder::sum);
        counter("fastagi.hangups.before.decision", "callers gone before their answer", counters.hangupsBeforeDecision, LongAdder::sum);
        counter("fastagi.reply.failures", "answers Asterisk refused, did not acknowledge in time, or closed on",
                counters.replyFailures, LongAdder::sum);
    }

    private <T> void counter(String name, String description, T state, ToDoubleFunction<T> f) {
        FunctionCounter.builder(Meters.PREFIX + name, state, f).description(description).register(registry);
    }

    /**
     * One answer written.
     *
     * @param direction     the script's direction, null for an unknown script
     * @param policy        the settling policy, {@link #FAILSAFE} when none decided
     * @param sinceHeader   {@link System#nanoTime()} when the header was complete
     */
    void answered(Direction direction, Decision decision, String policy, long sinceHeader) {
        latency.record(System.nanoTime() - sinceHeader, TimeUnit.NANOSECONDS);
        int script = direction == null ? 2 : direction == Direction.OUTBOUND ? 0 : 1;
        String reason = decision.reason() == null ? NO_REASON : decision.reason();
        String by = policy == null ? FAILSAFE : policy;
        ConcurrentHashMap<String, ConcurrentHashMap<String, Counter>> byReason = decisions[script][decision.verdict().ordinal()];
        ConcurrentHashMap<String, Counter> byPolicy = byReason.get(reason);
        if (byPolicy == null) byPolicy = byReason.computeIfAbsent(reason, r -> new ConcurrentHashMap<>());
        Counter c = byPolicy.get(by);
        if (c == null) {
            String verdict = decision.verdict().name();
            c = byPolicy.computeIfAbsent(by, p -> Counter.builder(Meters.PREFIX + "decisions")
                    .description("FastAGI answers sent, by script, verdict, reason and the policy that settled them")
                    .tag("script", SCRIPTS[script]).tag("verdict", verdict).tag("reason", reason).tag("policy", p)
                    .register(registry));
        }
        c.increment();
    }
}
