package io.callguard.http.admin;

import io.callguard.core.calls.CallTracker;
import io.callguard.core.calls.LiveCall;
import io.callguard.core.log.RateLimitedLog;
import io.callguard.core.module.ModuleRoute;
import io.callguard.core.module.RouteRequest;
import io.callguard.core.module.RouteResponse;
import io.callguard.core.ops.OpsQuery;
import io.callguard.core.ops.OpsSection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * {@code GET /admin/v1/ops/summary[?limit=200&minutes=15]}: everything the operations page ({@code /admin/ui/}) shows,
 * in one answer so that the page makes one request per refresh: the links' status, the live calls (the longest
 * first, at most {@code limit}, with their total), then each section ({@link OpsSection}: the trunks' usage, the open
 * suspensions, the calls refused over the last {@code minutes}, the SMS queue) under its name. A section that fails
 * (e.g. a shared state backend down) is answered as {@code {"error":"unavailable"}} and logged, the rest as usual.
 * Answered off the event loop (a section may block). Never cached ({@code Cache-Control: no-store}, as every admin
 * answer).
 */
final class OpsSummaryRoute {
    static final String PATH = "/admin/v1/ops/summary";
    private static final Logger LOG = LoggerFactory.getLogger(OpsSummaryRoute.class);
    private static final RateLimitedLog FAILURES = new RateLimitedLog(LOG, 5, 60_000);

    private OpsSummaryRoute() { }

    static ModuleRoute of(CallTracker tracker, BooleanSupplier storeUp, Supplier<AmiStatus> ami, List<OpsSection> sections) {
        return ModuleRoute.getBlocking(PATH, request -> {
            int limit = intParam(request, "limit", OpsQuery.DEFAULT_LIMIT, OpsQuery.MAX_LIMIT);
            int minutes = intParam(request, "minutes", OpsQuery.DEFAULT_WINDOW_MINUTES, OpsQuery.MAX_WINDOW_MINUTES);
            Instant now = tracker.clock().instant();
            OpsQuery query = new OpsQuery(now, limit, Duration.ofMinutes(minutes));
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("generatedAt", now.toString());
            Map<String, Object> status = new LinkedHashMap<>();
            status.put("ami", ami.get().name());
            status.put("store", storeUp.getAsBoolean() ? "UP" : "DOWN");
            body.put("status", status);
            body.put("calls", calls(tracker, query));
            for (OpsSection section : sections) {
                Object part;
                try {
                    part = section.snapshot(query);
                } catch (Exception e) {
                    FAILURES.warn("operations summary: section {} failed: {}", section.name(), e.toString());
                    part = Map.of("error", "unavailable");
                }
                body.put(section.name(), part);
            }
            return RouteResponse.ok(body);
        });
    }

    /** The live channels, the longest-running first, at most {@code limit}; their total beside. */
    private static Map<String, Object> calls(CallTracker tracker, OpsQuery query) {
        List<LiveCall> live = tracker.list(); // oldest first
        List<Map<String, Object>> items = new ArrayList<>();
        for (LiveCall c : live.subList(0, Math.min(live.size(), query.limit()))) {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("uniqueId", c.uniqueId());
            one.put("linkedId", c.linkedId());
            one.put("channel", c.channel());
            one.put("endpoint", c.endpoint());
            one.put("accountId", c.accountId());
            one.put("direction", c.direction() == null ? null : c.direction().name());
            one.put("caller", c.caller());
            one.put("callee", c.callee());
            one.put("state", c.state());
            one.put("startedAt", c.startedAt() == null ? null : c.startedAt().toString());
            one.put("answeredAt", c.answeredAt() == null ? null : c.answeredAt().toString());
            one.put("durationSeconds", c.startedAt() == null ? null
                    : Math.max(0, Duration.between(c.startedAt(), query.now()).getSeconds()));
            items.add(one);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("total", live.size());
        out.put("items", items);
        return out;
    }

    /** An optional integer query parameter in 1..max; a 400 naming it otherwise. */
    private static int intParam(RouteRequest request, String name, int byDefault, int max) {
        Optional<String> given = request.query(name);
        if (given.isEmpty()) return byDefault;
        String text = given.get();
        String problem = "must be an integer from 1 to " + max;
        if (text.isEmpty() || text.length() > 7 || !text.chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
            throw RouteResponse.InvalidFields.of(name, problem);
        }
        int value = Integer.parseInt(text);
        if (value < 1 || value > max) throw RouteResponse.InvalidFields.of(name, problem);
        return value;
    }
}
