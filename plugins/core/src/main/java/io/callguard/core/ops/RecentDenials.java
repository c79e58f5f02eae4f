package io.callguard.core.ops;

import io.callguard.core.policy.CallContext;
import io.callguard.core.policy.Decision;
import io.callguard.core.policy.DecisionListener;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The calls refused lately, as the operations page shows them: exact counts per reason for each of the last
 * {@value #MAX_WINDOW_MINUTES} minutes (one bucket per minute, reused as time goes by) and the last
 * {@value #LAST_KEPT} refusals themselves (when, reason, account, trunk, direction; no numbers). Bounded memory whatever
 * the traffic; fed as a {@link DecisionListener} (a few map updates under a lock, never blocking); emergency calls are
 * never refused so never here. Times are the decisions' own ({@link CallContext#at()}, the app's clock).
 */
public final class RecentDenials implements DecisionListener, OpsSection {
    public static final int MAX_WINDOW_MINUTES = 60;
    public static final int LAST_KEPT = 50;

    /** One refusal as listed. */
    public record Denial(Instant at, String reason, String accountId, String trunkId, String direction) { }

    private final long[] bucketMinute = new long[MAX_WINDOW_MINUTES];
    @SuppressWarnings("unchecked")
    private final Map<String, Long>[] buckets = new Map[MAX_WINDOW_MINUTES];
    private final Denial[] last = new Denial[LAST_KEPT];
    private int lastNext;
    private long total;

    public RecentDenials() {
        for (int i = 0; i < MAX_WINDOW_MINUTES; i++) {
            buckets[i] = new HashMap<>();
            bucketMinute[i] = Long.MIN_VALUE;
        }
    }

    @Override public String name() { return "denials"; }

    @Override
    public void onDecision(CallContext call, Decision decision) {
        if (decision.allowed()) return;
        record(new Denial(call.at(), decision.reason(), call.accountId(), call.trunkId(), call.direction().name()));
    }

    /** Counts one refusal (tests and other sources of refusals). */
    public synchronized void record(Denial d) {
        long minute = Math.floorDiv(d.at().getEpochSecond(), 60);
        int i = (int) Math.floorMod(minute, MAX_WINDOW_MINUTES);
        if (bucketMinute[i] != minute) {
            if (bucketMinute[i] > minute) return; // older than the window the bucket now holds
            bucketMinute[i] = minute;
            buckets[i].clear();
        }
        buckets[i].merge(d.reason(), 1L, Long::sum);
        last[lastNext] = d;
        lastNext = (lastNext + 1) % LAST_KEPT;
        total++;
    }

    /** Refusals per reason over the last {@code window} (whole minutes, the current one included), by reason name. */
    public synchronized Map<String, Long> counts(Instant now, Duration window) {
        long nowMinute = Math.floorDiv(now.getEpochSecond(), 60);
        long minutes = Math.min(MAX_WINDOW_MINUTES, Math.max(1, window.toMinutes()));
        Map<String, Long> out = new TreeMap<>();
        for (int i = 0; i < MAX_WINDOW_MINUTES; i++) {
            long m = bucketMinute[i];
            if (m > nowMinute - minutes && m <= nowMinute) buckets[i].forEach((r, n) -> out.merge(r, n, Long::sum));
        }
        return out;
    }

    /** The last refusals within {@code window}, newest first, at most {@code limit}. */
    public synchronized List<Denial> latest(Instant now, Duration window, int limit) {
        Instant since = now.minus(window);
        List<Denial> out = new ArrayList<>();
        for (int k = 1; k <= LAST_KEPT && out.size() < limit; k++) {
            Denial d = last[Math.floorMod(lastNext - k, LAST_KEPT)];
            if (d == null) break;
            if (!d.at().isBefore(since) && !d.at().isAfter(now)) out.add(d);
        }
        return out;
    }

    /** Every refusal heard since the start. */
    public synchronized long total() { return total; }

    @Override
    public Object snapshot(OpsQuery query) {
        Map<String, Long> counts = counts(query.now(), query.window());
        List<Map<String, Object>> byReason = new ArrayList<>();
        counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .forEach(e -> {
                    Map<String, Object> one = new LinkedHashMap<>();
                    one.put("reason", e.getKey());
                    one.put("count", e.getValue());
                    byReason.add(one);
                });
        List<Map<String, Object>> latest = new ArrayList<>();
        for (Denial d : latest(query.now(), query.window(), query.limit())) {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("at", d.at().toString());
            one.put("reason", d.reason());
            one.put("accountId", d.accountId());
            one.put("trunkId", d.trunkId());
            one.put("direction", d.direction());
            latest.add(one);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("windowMinutes", Math.min(MAX_WINDOW_MINUTES, Math.max(1, query.window().toMinutes())));
        body.put("total", counts.values().stream().mapToLong(Long::longValue).sum());
        body.put("sinceStart", total);
        body.put("byReason", byReason);
        body.put("latest", latest);
        return body;
    }
}
