package io.callguard.reports;

import io.callguard.core.audit.InMemoryAuditLog;
import io.callguard.core.config.ConfigValues;
import io.callguard.core.directory.Account;
import io.callguard.core.directory.ChargeUnit;
import io.callguard.core.directory.DidNumber;
import io.callguard.core.directory.InMemoryDirectory;
import io.callguard.core.directory.SpecialTariff;
import io.callguard.core.module.ModuleRoute;
import io.callguard.core.module.RouteRequest;
import io.callguard.core.module.RouteResponse;
import io.callguard.core.module.StreamedBody;
import io.callguard.core.numbering.ClassifiedNumber;
import io.callguard.core.numbering.FrenchNumberingPlan;
import io.callguard.core.policy.Direction;
import io.callguard.core.records.CallRecord;
import io.callguard.core.records.Disposition;
import io.callguard.core.records.InMemoryRecordRepository;
import io.callguard.core.records.RecordEntry;
import io.callguard.core.time.MutableClock;
import io.callguard.reports.api.ReportsRoutes;

import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** One app's worth of the reports module in memory: directory, records, clock, routes answered directly. */
final class ReportsFixture {
    static final String ACME = "acme";
    static final String NODE = "cg1";

    final MutableClock clock = new MutableClock(Instant.parse("2026-12-02T10:00:00Z"));
    final InMemoryDirectory directory = new InMemoryDirectory();
    final InMemoryRecordRepository records = new InMemoryRecordRepository();
    final InMemoryReportsRepository repository = new InMemoryReportsRepository();
    final InMemoryAuditLog audit = new InMemoryAuditLog();
    final FrenchNumberingPlan plan = FrenchNumberingPlan.withDefaults();
    final ReportsOptions options;
    final RevenueShare share;
    final NumberRanges ranges;
    final ReportsRoutes routes;
    private RecordEntry last;
    private int sequence;

    ReportsFixture() { this(Map.of()); }

    ReportsFixture(Map<String, String> settings) {
        ConfigValues config = ConfigValues.defaults(ReportsOptions.OPTIONS);
        settings.forEach((k, v) -> config.set(k, v, "test"));
        options = ReportsOptions.from(config);
        if (!config.problems().isEmpty()) throw new IllegalArgumentException(config.problems().toString());
        directory.put(new Account(ACME, "Acme SARL", Account.DEFAULT_MAX_CALL_SECONDS));
        share = new RevenueShare(directory, records, repository, audit, clock, options);
        ranges = new NumberRanges(repository, directory, records, plan, audit, clock, options);
        routes = new ReportsRoutes(directory, share, ranges, repository, audit, clock);
    }

    void number(String accountId, String number, int chargeCents, ChargeUnit unit) {
        directory.put(new DidNumber(number, accountId, null, SpecialTariff.of(chargeCents, unit)));
    }

    void plainNumber(String accountId, String number) { directory.put(new DidNumber(number, accountId, null)); }

    /** An answered inbound call to {@code number} of {@code seconds}, started at {@code start}, written as it ended. */
    void inbound(String accountId, String number, Instant start, long seconds) {
        CallRecord c = call(accountId, Direction.INBOUND, "0612345678", number, start, seconds, Disposition.ANSWERED);
        write(c, c.endedAt().plusMillis(200));
    }

    CallRecord call(String accountId, Direction direction, String caller, String callee, Instant start, long seconds,
                    Disposition disposition) {
        String id = "1770000000." + (++sequence);
        ClassifiedNumber n = plan.classify(callee);
        boolean answered = disposition == Disposition.ANSWERED;
        Instant answer = answered ? start.plusSeconds(2) : null;
        Instant end = answered ? answer.plusSeconds(seconds) : start.plusSeconds(20);
        return new CallRecord(id, id, accountId, "trunk-a", direction, caller, callee, n.normalized(), n.category(),
                n.tier() == null ? "" : n.tier().prefix(), disposition == Disposition.DENIED ? "DENY" : "ALLOW", "",
                start, answer, end, answered ? seconds : 0, disposition, 16, "ast1", false);
    }

    /** Appends the record to the node's chain, written at the clock's instant. */
    void write(CallRecord call) { write(call, clock.instant()); }

    void write(CallRecord call, Instant writtenAt) {
        last = RecordEntry.chain(last, NODE, writtenAt, call, null);
        records.append(List.of(last));
    }

    RouteResponse call(ModuleRoute.Method method, String path, Map<String, String> query, Map<String, Object> body,
                       String... pathParams) throws Exception {
        for (ModuleRoute r : routes.admin()) {
            if (r.method() == method && r.path().equals(path)) {
                Map<String, String> params = new HashMap<>();
                for (int i = 0; i + 1 < pathParams.length; i += 2) params.put(pathParams[i], pathParams[i + 1]);
                return r.handler().handle(new Request(params, query, body));
            }
        }
        throw new AssertionError("no route " + method + " " + path);
    }

    RouteResponse get(String path, Map<String, String> query, String... pathParams) throws Exception {
        return call(ModuleRoute.Method.GET, path, query, null, pathParams);
    }

    static String text(RouteResponse response) throws Exception {
        StringBuilder b = new StringBuilder();
        ((StreamedBody) response.body()).writeTo(b::append);
        return b.toString();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o) { return (Map<String, Object>) o; }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object o) { return (List<Object>) o; }

    static Map<String, String> q(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i + 1 < kv.length; i += 2) m.put(kv[i], kv[i + 1]);
        return m;
    }

    private record Request(Map<String, String> params, Map<String, String> query, Map<String, Object> json) implements RouteRequest {
        @Override public String pathParam(String name) { return params.get(name); }

        @Override public Optional<String> query(String name) { return Optional.ofNullable(query.get(name)); }

        @Override public Optional<String> header(String name) { return Optional.empty(); }

        @Override public Optional<String> accountId() { return Optional.empty(); }

        @Override public String body() { return ""; }

        @Override public Map<String, Object> jsonObject(Set<String> freeTextFields) { return json == null ? Map.of() : json; }

        @Override public String actor() { return "alice"; }
    }
}
