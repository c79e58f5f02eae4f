package io.callguard.reports.api;

import io.callguard.core.audit.AuditEntry;
import io.callguard.core.audit.AuditLog;
import io.callguard.core.directory.Account;
import io.callguard.core.directory.Directory;
import io.callguard.core.json.CompactJson;
import io.callguard.core.module.ModuleRoute;
import io.callguard.core.module.ModuleRoute.Method;
import io.callguard.core.module.RouteRequest;
import io.callguard.core.module.RouteResponse;
import io.callguard.core.module.RouteResponse.InvalidFields;
import io.callguard.core.module.StreamedBody;
import io.callguard.reports.NumberRanges;
import io.callguard.reports.NumberRanges.RangeUse;
import io.callguard.reports.ReportsRepository;
import io.callguard.reports.ReportsRepository.ClosedMonth;
import io.callguard.reports.ReportsRepository.NumberRange;
import io.callguard.reports.RevenueShare;
import io.callguard.reports.RevenueShare.AccountMonth;
import io.callguard.reports.RevenueShare.Line;
import io.callguard.reports.RevenueShare.MonthReport;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The reports module's admin routes: the revenue share report (R10) and its months' close, the share rates, the
 * number ranges and their use report (R13), and the printable monthly statement of a client. Every route that reads
 * the records or the store runs off the event threads.
 */
public final class ReportsRoutes {
    static final String R10 = "Numéros spéciaux §3 (R10)";
    static final String R13 = "CP Téléphonie §1 (R13)";
    private static final Pattern TIER = Pattern.compile("08[129]");
    private static final BigDecimal MAX_RATE = BigDecimal.valueOf(100);
    /** The fields of a range's body ({@code POST …/accounts/{id}/ranges}): {@code last} or {@code size}, or both when they agree. */
    public static final Set<String> RANGE_FIELDS = Set.of("first", "last", "size");
    /** The fields of a share rate's body ({@code PUT …/revenue-share/rates/{target}}). */
    public static final Set<String> RATE_FIELDS = Set.of("ratePercent");

    private final Directory directory;
    private final RevenueShare share;
    private final NumberRanges ranges;
    private final ReportsRepository repository;
    private final AuditLog audit;
    private final Clock clock;
    private final Object rateWrites = new Object();

    public ReportsRoutes(Directory directory, RevenueShare share, NumberRanges ranges, ReportsRepository repository,
                         AuditLog audit, Clock clock) {
        this.directory = directory;
        this.share = share;
        this.ranges = ranges;
        this.repository = repository;
        this.audit = audit;
        this.clock = clock;
    }

    public List<ModuleRoute> admin() {
        return List.of(
                new ModuleRoute(Method.GET, "/admin/v1/reports/revenue-share", false, true, this::revenueShare),
                new ModuleRoute(Method.POST, "/admin/v1/reports/revenue-share/close", false, true, this::close),
                new ModuleRoute(Method.GET, "/admin/v1/revenue-share/rates", false, true, this::rates),
                new ModuleRoute(Method.PUT, "/admin/v1/revenue-share/rates/{target}", true, true, this::putRate),
                new ModuleRoute(Method.DELETE, "/admin/v1/revenue-share/rates/{target}", false, true, this::deleteRate),
                new ModuleRoute(Method.POST, "/admin/v1/accounts/{id}/ranges", true, true, this::createRange),
                new ModuleRoute(Method.GET, "/admin/v1/accounts/{id}/ranges", false, true, this::listRanges),
                new ModuleRoute(Method.DELETE, "/admin/v1/accounts/{id}/ranges/{first}", false, true, this::deleteRange),
                new ModuleRoute(Method.GET, "/admin/v1/reports/ranges", false, true, this::rangesReport),
                new ModuleRoute(Method.GET, "/admin/v1/reports/statement", false, true, this::statement));
    }

    // ---- revenue share (R10)

    private RouteResponse revenueShare(RouteRequest request) {
        YearMonth month = month(request);
        boolean csv = format(request);
        String account = account(request, false);
        if (account != null && directory.account(account).isEmpty()) return unknownAccount(account);
        MonthReport report = share.report(month, account);
        if (csv) return csv("revenue-share-" + month + ".csv", revenueShareCsv(report));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("month", month.toString());
        body.put("zone", share.zone().getId());
        body.put("from", report.from().toString());
        body.put("to", report.to().toString());
        body.put("article", R10);
        body.put("thresholdCents", Money.cents(share.threshold()));
        body.put("closed", report.closed());
        body.put("closedAt", report.closedAt() == null ? null : report.closedAt().toString());
        List<Object> accounts = new ArrayList<>();
        for (AccountMonth a : report.accounts()) accounts.add(json(a));
        body.put("accounts", accounts);
        return RouteResponse.ok(body);
    }

    static Map<String, Object> json(AccountMonth a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("accountId", a.accountId());
        m.put("name", a.name());
        m.put("carriedInCents", Money.cents(a.outcome().carriedInCents()));
        m.put("earnedCents", Money.cents(a.outcome().earnedCents()));
        m.put("totalCents", Money.cents(a.totalCents()));
        m.put("status", a.outcome().payable() ? "PAYABLE" : "CARRIED_OVER");
        m.put("payableCents", a.payableCents() == null ? null : a.payableCents().toPlainString());
        m.put("carriedOverCents", Money.cents(a.carriedOverCents()));
        List<Object> lines = new ArrayList<>();
        for (Line l : a.lines()) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("number", l.number());
            x.put("tier", l.tier());
            x.put("chargeCents", l.chargeCents());
            x.put("chargeUnit", l.chargeUnit() == null ? null : l.chargeUnit().name());
            x.put("calls", l.calls());
            x.put("lateCalls", l.lateCalls());
            x.put("billableSeconds", l.billableSeconds());
            x.put("units", l.chargeUnit() == null ? null : l.units().toPlainString());
            x.put("collectedCents", Money.cents(l.collectedCents()));
            x.put("ratePercent", l.ratePercent().setScale(2, RoundingMode.HALF_UP).toPlainString());
            x.put("rateSource", l.rateSource().name());
            x.put("shareCents", Money.cents(l.shareCents()));
            x.put("tariffMissing", l.chargeCents() == null);
            lines.add(x);
        }
        m.put("lines", lines);
        return m;
    }

    static String revenueShareCsv(MonthReport report) {
        StringBuilder out = new StringBuilder();
        Csv.row(out, List.of("month", "kind", "accountId", "name", "number", "tier", "chargeCents", "chargeUnit", "calls",
                "lateCalls", "billableSeconds", "units", "collectedCents", "ratePercent", "rateSource", "shareCents",
                "carriedInCents", "earnedCents", "totalCents", "status", "payableCents", "carriedOverCents"));
        String month = report.month().toString();
        for (AccountMonth a : report.accounts()) {
            for (Line l : a.lines()) {
                Csv.row(out, java.util.Arrays.asList(month, "LINE", a.accountId(), a.name(), l.number(), l.tier(),
                        l.chargeCents(), l.chargeUnit(), l.calls(), l.lateCalls(), l.billableSeconds(),
                        l.chargeUnit() == null ? null : l.units().toPlainString(), Money.cents(l.collectedCents()),
                        l.ratePercent().setScale(2, RoundingMode.HALF_UP).toPlainString(), l.rateSource(),
                        Money.cents(l.shareCents()), null, null, null, null, null, null));
            }
            Csv.row(out, java.util.Arrays.asList(month, "ACCOUNT", a.accountId(), a.name(), null, null, null, null, null,
                    null, null, null, null, null, null, null, Money.cents(a.outcome().carriedInCents()),
                    Money.cents(a.outcome().earnedCents()), Money.cents(a.totalCents()),
                    a.outcome().payable() ? "PAYABLE" : "CARRIED_OVER",
                    a.payableCents() == null ? null : a.payableCents().toPlainString(), Money.cents(a.carriedOverCents())));
        }
        return out.toString();
    }

    private RouteResponse close(RouteRequest request) {
        YearMonth month = requiredMonth(request);
        ClosedMonth closed;
        try {
            closed = share.close(month, request.actor());
        } catch (IllegalStateException e) {
            return RouteResponse.conflict(e.getMessage());
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("month", closed.month().toString());
        body.put("closedAt", closed.closedAt().toString());
        body.put("closedBy", closed.closedBy());
        body.put("accounts", closed.accounts().size());
        body.put("payable", closed.accounts().values().stream().filter(ReportsRepository.Outcome::payable).count());
        return RouteResponse.ok(body);
    }

    // ---- share rates

    private RouteResponse rates(RouteRequest request) {
        List<Object> tiers = new ArrayList<>();
        List<Object> numbers = new ArrayList<>();
        for (Map.Entry<String, BigDecimal> e : new java.util.TreeMap<>(repository.rates()).entrySet()) {
            Map<String, Object> m = new LinkedHashMap<>();
            boolean tier = TIER.matcher(e.getKey()).matches();
            m.put(tier ? "tier" : "number", e.getKey());
            if (!tier) m.put("accountId", directory.number(e.getKey()).map(d -> d.accountId()).orElse(null));
            m.put("ratePercent", e.getValue().setScale(2, RoundingMode.HALF_UP).toPlainString());
            (tier ? tiers : numbers).add(m);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("tiers", tiers);
        body.put("numbers", numbers);
        return RouteResponse.ok(body);
    }

    private String target(RouteRequest request) {
        String raw = request.pathParam("target");
        if (TIER.matcher(raw).matches()) return raw;
        Optional<String> n = ranges.national(raw);
        if (n.isEmpty() || !TIER.matcher(n.get().substring(0, 3)).matches()) {
            throw InvalidFields.of("target", "must be a tier (081, 082, 089) or a 081/082/089 number, got '" + raw + "'");
        }
        return n.get();
    }

    private RouteResponse putRate(RouteRequest request) {
        String target = target(request);
        Map<String, Object> body = request.jsonObject(Set.of());
        for (String k : body.keySet()) if (!RATE_FIELDS.contains(k)) throw InvalidFields.of(k, "unknown field");
        Object raw = body.get("ratePercent");
        BigDecimal rate;
        try {
            rate = raw instanceof Number || raw instanceof String ? new BigDecimal(raw.toString().trim()) : null;
        } catch (NumberFormatException e) {
            rate = null;
        }
        if (rate == null || rate.signum() < 0 || rate.compareTo(MAX_RATE) > 0 || rate.stripTrailingZeros().scale() > 2) {
            throw InvalidFields.of("ratePercent", "must be a percentage 0..100 with at most 2 decimals, got " + raw);
        }
        if (!TIER.matcher(target).matches() && directory.number(target).isEmpty()) {
            return RouteResponse.notFound("number " + target + " is assigned to no account");
        }
        rate = rate.setScale(2, RoundingMode.HALF_UP);
        synchronized (rateWrites) {
            BigDecimal before = repository.rates().get(target);
            repository.saveRate(target, rate);
            audit.append(AuditEntry.of(clock.instant(), request.actor(), "revenue-share.rate", "revenue-share-rate:" + target,
                    before == null ? null : CompactJson.write(Map.of("ratePercent", before.toPlainString())),
                    CompactJson.write(Map.of("ratePercent", rate.toPlainString()))));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put(TIER.matcher(target).matches() ? "tier" : "number", target);
        out.put("ratePercent", rate.toPlainString());
        return RouteResponse.ok(out);
    }

    private RouteResponse deleteRate(RouteRequest request) {
        String target = target(request);
        synchronized (rateWrites) {
            BigDecimal before = repository.rates().get(target);
            if (before == null || !repository.deleteRate(target)) return RouteResponse.notFound("no rate is set for " + target);
            audit.append(AuditEntry.of(clock.instant(), request.actor(), "revenue-share.rate", "revenue-share-rate:" + target,
                    CompactJson.write(Map.of("ratePercent", before.toPlainString())), null));
        }
        return RouteResponse.noContent();
    }

    // ---- ranges (R13)

    private RouteResponse createRange(RouteRequest request) {
        String id = request.pathParam("id");
        Map<String, Object> body = request.jsonObject(Set.of());
        if (directory.account(id).isEmpty()) return unknownAccount(id);
        List<InvalidFields.FieldError> errors = new ArrayList<>();
        for (String k : body.keySet()) {
            if (!RANGE_FIELDS.contains(k)) errors.add(new InvalidFields.FieldError(k, "unknown field"));
        }
        String first = null;
        Object f = body.get("first");
        if (!(f instanceof String s) || ranges.national(s).isEmpty()) {
            errors.add(new InvalidFields.FieldError("first", "must be a 10-digit French number (0Z ABPQ MCDU or +33…), got " + f));
        } else {
            first = ranges.national(s).get();
        }
        Object l = body.get("last");
        Object sz = body.get("size");
        String last = null;
        String lastBySize = null;
        if (l == null && sz == null) errors.add(new InvalidFields.FieldError("size", "give last or size"));
        if (sz != null) {
            if (!(sz instanceof Integer || sz instanceof Long) || ((Number) sz).longValue() < 1 || ((Number) sz).longValue() > NumberRanges.MAX_SIZE) {
                errors.add(new InvalidFields.FieldError("size", "must be a whole number 1.." + NumberRanges.MAX_SIZE + ", got " + sz));
            } else if (first != null) {
                lastBySize = String.format("%010d", Long.parseLong(first) + ((Number) sz).longValue() - 1);
                if (!lastBySize.startsWith(first.substring(0, 2))) {
                    errors.add(new InvalidFields.FieldError("size", "the range would leave the numbers starting with " + first.substring(0, 2)));
                    lastBySize = null;
                }
            }
        }
        if (l != null) {
            if (!(l instanceof String s) || ranges.national(s).isEmpty()) {
                errors.add(new InvalidFields.FieldError("last", "must be a 10-digit French number, got " + l));
            } else if (first != null) {
                last = ranges.national(s).get();
                long size = Long.parseLong(last) - Long.parseLong(first) + 1;
                if (size < 1 || size > NumberRanges.MAX_SIZE || !last.startsWith(first.substring(0, 2))) {
                    errors.add(new InvalidFields.FieldError("last", "must be at or after first, with the same first two digits, at most "
                            + NumberRanges.MAX_SIZE + " numbers on, got " + l));
                    last = null;
                } else if (lastBySize != null && !lastBySize.equals(last)) {
                    errors.add(new InvalidFields.FieldError("size", "does not match last: " + first + ".." + last + " is " + size + " numbers"));
                }
            }
        } else {
            last = lastBySize;
        }
        if (!errors.isEmpty()) throw new InvalidFields(errors);
        NumberRange range;
        try {
            range = ranges.create(id, first, last, request.actor());
        } catch (NumberRanges.OverlapException e) {
            return RouteResponse.conflict(e.getMessage());
        }
        return RouteResponse.created("/admin/v1/accounts/" + id + "/ranges/" + range.first(), NumberRanges.json(range));
    }

    private RouteResponse listRanges(RouteRequest request) {
        String id = request.pathParam("id");
        if (directory.account(id).isEmpty()) return unknownAccount(id);
        List<Object> out = new ArrayList<>();
        for (NumberRange r : ranges.of(id)) out.add(NumberRanges.json(r));
        return RouteResponse.ok(out);
    }

    private RouteResponse deleteRange(RouteRequest request) {
        String id = request.pathParam("id");
        if (directory.account(id).isEmpty()) return unknownAccount(id);
        String first = ranges.national(request.pathParam("first")).orElse(request.pathParam("first"));
        if (!ranges.delete(id, first, request.actor())) {
            return RouteResponse.notFound("account '" + id + "' has no range starting at " + first);
        }
        return RouteResponse.noContent();
    }

    private RouteResponse rangesReport(RouteRequest request) {
        boolean csv = format(request);
        String account = account(request, false);
        if (account != null && directory.account(account).isEmpty()) return unknownAccount(account);
        NumberRanges.UseReport report = ranges.use(account);
        if (csv) return csv("ranges.csv", rangesCsv(report));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("article", R13);
        body.put("from", report.from().toString());
        body.put("to", report.to().toString());
        body.put("period", ranges.options().rangeUsePeriod().toString());
        body.put("threshold", ranges.options().rangeUseThreshold().toPlainString());
        List<Object> items = new ArrayList<>();
        for (RangeUse u : report.ranges()) items.add(json(u));
        body.put("items", items);
        return RouteResponse.ok(body);
    }

    static Map<String, Object> json(RangeUse u) {
        Map<String, Object> m = NumberRanges.json(u.range());
        m.put("assigned", u.assigned());
        m.put("used", u.used());
        m.put("usePercent", u.usePercent().toPlainString());
        m.put("underused", u.underused());
        return m;
    }

    static String rangesCsv(NumberRanges.UseReport report) {
        StringBuilder out = new StringBuilder();
        Csv.row(out, List.of("accountId", "first", "last", "size", "assigned", "used", "usePercent", "underused", "from", "to"));
        for (RangeUse u : report.ranges()) {
            Csv.row(out, List.of(u.range().accountId(), u.range().first(), u.range().last(), u.range().size(), u.assigned(),
                    u.used(), u.usePercent().toPlainString(), u.underused(), report.from(), report.to()));
        }
        return out.toString();
    }

    // ---- the printable statement

    private RouteResponse statement(RouteRequest request) {
        YearMonth month = month(request);
        String account = account(request, true);
        String format = request.query("format").map(String::trim).orElse("html");
        if (!"html".equals(format)) throw InvalidFields.of("format", "must be html, got '" + format + "'");
        Optional<Account> a = directory.account(account);
        if (a.isEmpty()) return unknownAccount(account);
        MonthReport report = share.report(month, account);
        AccountMonth am = report.accounts().isEmpty() ? null : report.accounts().get(0);
        String html = Statement.render(a.get(), report, am, ranges.use(account), share.threshold(), clock.instant());
        return RouteResponse.streamed(200, body("text/html; charset=utf-8", html),
                Map.of("Content-Disposition", "inline; filename=\"statement-" + account + "-" + month + ".html\""));
    }

    // ---- parameters

    private YearMonth month(RouteRequest request) {
        Optional<String> text = request.query("month");
        if (text.isEmpty() || text.get().isBlank()) {
            return YearMonth.from(clock.instant().atZone(share.zone())).minusMonths(1);
        }
        return parseMonth(text.get());
    }

    private YearMonth requiredMonth(RouteRequest request) {
        String text = request.query("month").orElse("");
        if (text.isBlank()) throw InvalidFields.of("month", "required, a month YYYY-MM");
        return parseMonth(text);
    }

    private static YearMonth parseMonth(String text) {
        try {
            if (!text.trim().matches("[0-9]{4}-[0-9]{2}")) throw new DateTimeParseException("", text, 0);
            return YearMonth.parse(text.trim());
        } catch (DateTimeParseException e) {
            throw InvalidFields.of("month", "must be a month YYYY-MM, got '" + text + "'");
        }
    }

    /** Whether CSV is asked ({@code ?format=csv}); JSON by default. */
    private static boolean format(RouteRequest request) {
        String f = request.query("format").map(String::trim).orElse("json");
        if ("json".equals(f)) return false;
        if ("csv".equals(f)) return true;
        throw InvalidFields.of("format", "must be json or csv, got '" + f + "'");
    }

    private static String account(RouteRequest request, boolean required) {
        Optional<String> a = request.query("account").map(String::trim).filter(s -> !s.isEmpty());
        if (a.isEmpty() && required) throw InvalidFields.of("account", "required, an account id");
        return a.orElse(null);
    }

    private static RouteResponse unknownAccount(String id) {
        return RouteResponse.notFound("account '" + id + "' does not exist");
    }

    private static RouteResponse csv(String filename, String text) {
        return RouteResponse.streamed(200, body("text/csv; charset=utf-8", text),
                Map.of("Content-Disposition", "attachment; filename=\"" + filename + "\""));
    }

    static StreamedBody body(String contentType, String text) {
        return new StreamedBody() {
            @Override public String contentType() { return contentType; }

            @Override public void writeTo(Sink sink) throws java.io.IOException { sink.write(text); }
        };
    }
}
