package io.callguard.traffic.api;

import io.callguard.core.directory.Account;
import io.callguard.core.directory.Directory;
import io.callguard.core.module.ModuleRoute;
import io.callguard.core.module.RouteRequest;
import io.callguard.core.module.RouteResponse;
import io.callguard.core.module.RouteResponse.InvalidFields;
import io.callguard.core.records.RecordRepository;
import io.callguard.traffic.TrafficOptions.Telemarketing;
import io.callguard.traffic.measures.TrafficFigures;
import io.callguard.traffic.measures.TrafficMeasures;
import io.callguard.traffic.rules.RuleSet;
import io.callguard.traffic.rules.RuleSetBody;
import io.callguard.traffic.rules.TrafficRule;
import io.callguard.traffic.rules.TrafficRules;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code GET /admin/v1/accounts/{id}/traffic?day=}, {@code GET|PUT /admin/v1/accounts/{id}/traffic-rules} and
 * {@code GET /admin/v1/reports/telemarketing?day=}. A day the measures no longer keep is read from the call records
 * (blocking: the routes run off the event threads).
 */
public final class TrafficRoutes {

    private final Directory directory;
    private final TrafficMeasures measures;
    private final TrafficRules rules;
    private final RecordRepository records;
    private final Telemarketing telemarketing;

    /** @param records null when there is no call records store (only the days kept in memory are answered) */
    public TrafficRoutes(Directory directory, TrafficMeasures measures, TrafficRules rules, RecordRepository records,
                         Telemarketing telemarketing) {
        this.directory = directory;
        this.measures = measures;
        this.rules = rules;
        this.records = records;
        this.telemarketing = telemarketing;
    }

    public List<ModuleRoute> admin() {
        return List.of(
                new ModuleRoute(ModuleRoute.Method.GET, "/admin/v1/accounts/{id}/traffic", false, true, this::traffic),
                new ModuleRoute(ModuleRoute.Method.GET, "/admin/v1/accounts/{id}/traffic-rules", false, false, this::readRules),
                new ModuleRoute(ModuleRoute.Method.PUT, "/admin/v1/accounts/{id}/traffic-rules", true, true, this::writeRules),
                new ModuleRoute(ModuleRoute.Method.GET, "/admin/v1/reports/telemarketing", false, true, this::report));
    }

    private RouteResponse traffic(RouteRequest request) {
        LocalDate day = day(request);
        String id = request.pathParam("id");
        if (directory.account(id).isEmpty()) return RouteResponse.notFound("account '" + id + "' does not exist");
        long bound = rules.of(id).get(TrafficRule.SHORT_CALLS).thresholdSeconds();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("accountId", id);
        body.put("day", day.toString());
        body.put("zone", TrafficMeasures.ZONE.getId());
        body.putAll(figures(id, day, bound).json());
        body.put("last24h", measures.sliding(id, bound).json());
        return RouteResponse.ok(body);
    }

    private RouteResponse readRules(RouteRequest request) {
        String id = request.pathParam("id");
        if (directory.account(id).isEmpty()) return RouteResponse.notFound("account '" + id + "' does not exist");
        return RouteResponse.ok(rules.of(id).json());
    }

    private RouteResponse writeRules(RouteRequest request) {
        String id = request.pathParam("id");
        Map<String, Object> body = request.jsonObject(Set.of());
        if (directory.account(id).isEmpty()) return RouteResponse.notFound("account '" + id + "' does not exist");
        RuleSet set = RuleSetBody.read(body, rules.defaults());
        return RouteResponse.ok(rules.write(id, set, request.actor()).json());
    }

    private RouteResponse report(RouteRequest request) {
        LocalDate day = day(request);
        List<Map<String, Object>> listed = new ArrayList<>();
        for (Account a : directory.accounts()) {
            long bound = rules.of(a.id()).get(TrafficRule.SHORT_CALLS).thresholdSeconds();
            TrafficFigures f = figures(a.id(), day, bound);
            if (f.placed() < telemarketing.minCalls()) continue;
            List<String> signals = new ArrayList<>();
            if (f.peakCallsPerSecond() >= telemarketing.peakCallsPerSecond()) signals.add("peakCallsPerSecond");
            if (f.shortCallsShare().compareTo(telemarketing.shortCallsShare()) >= 0) signals.add("shortCallsShare");
            BigDecimal destinations = BigDecimal.valueOf(f.distinctDestinations())
                    .divide(BigDecimal.valueOf(f.placed()), 4, java.math.RoundingMode.HALF_UP);
            if (destinations.compareTo(telemarketing.distinctDestinationsShare()) >= 0) signals.add("distinctDestinationsShare");
            if (f.mobileShare().compareTo(telemarketing.mobileShare()) >= 0) signals.add("mobileShare");
            if (signals.size() < telemarketing.minSignals()) continue;
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("accountId", a.id());
            m.put("signals", signals);
            m.put("distinctDestinationsShare", destinations);
            m.putAll(f.json());
            listed.add(m);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("day", day.toString());
        body.put("note", "a profile to look at (CGV 5, R14): never acted on automatically");
        body.put("items", listed);
        return RouteResponse.ok(body);
    }

    private TrafficFigures figures(String accountId, LocalDate day, long bound) {
        if (measures.keeps(day) || records == null) return measures.day(accountId, day, bound);
        // page by page into a tally: a busy account's day is millions of records, never held at once
        TrafficMeasures.Tally tally = new TrafficMeasures.Tally();
        records.eachByAccount(accountId, day.atStartOfDay(TrafficMeasures.ZONE).toInstant(),
                day.plusDays(1).atStartOfDay(TrafficMeasures.ZONE).toInstant(), e -> {
                    if (e.call() != null) tally.add(e.call());
                });
        return tally.figures(bound);
    }

    private LocalDate day(RouteRequest request) {
        String text = request.query("day").orElse(null);
        if (text == null || text.isBlank()) return measures.today();
        try {
            return LocalDate.parse(text.trim());
        } catch (DateTimeParseException e) {
            throw InvalidFields.of("day", "must be a date YYYY-MM-DD, got '" + text + "'");
        }
    }
}
