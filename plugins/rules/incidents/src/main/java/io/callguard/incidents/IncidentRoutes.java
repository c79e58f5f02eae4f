package io.callguard.incidents;

import io.callguard.core.ids.SortableIds;
import io.callguard.core.directory.Account;
import io.callguard.core.directory.Directory;
import io.callguard.core.directory.Ids;
import io.callguard.core.module.BodyFields;
import io.callguard.core.module.ModuleRoute;
import io.callguard.core.module.ModuleRoute.Method;
import io.callguard.core.module.RouteRequest;
import io.callguard.core.module.RouteResponse;
import io.callguard.core.module.RouteResponse.InvalidFields;
import io.callguard.core.module.StreamedBody;
import io.callguard.incidents.clock.BusinessClock;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The admin API of the tickets and of the GTR report:
 * <ul>
 *   <li>{@code POST /admin/v1/incidents} {@code {"accountId","service","openedAt","restoredAt","notes"}} → 201;</li>
 *   <li>{@code GET|PUT|DELETE /admin/v1/incidents/{id}}: a {@code PUT} replaces the fields it holds and keeps the
 *       others ({@code "restoredAt": null} reopens a ticket);</li>
 *   <li>{@code GET /admin/v1/incidents?account=acme}: an account's tickets;</li>
 *   <li>{@code GET /admin/v1/reports/gtr?year=2026[&account=acme][&format=csv]}: the year's penalties per account.</li>
 * </ul>
 * Every answer runs off the event loop (the store).
 */
public final class IncidentRoutes {
    public static final String INCIDENTS = "/admin/v1/incidents";
    public static final String REPORT = "/admin/v1/reports/gtr";
    static final int MAX_SERVICE_LENGTH = 200;
    static final int MAX_NOTES_LENGTH = 4000;
    /** How far ahead of callguard's clock a ticket's times may be (the ticketing tool's clock may run ahead). */
    static final Duration FUTURE_TOLERANCE = Duration.ofMinutes(5);
    /** The fields of a ticket body (the admin API's bad-input tests cover each). */
    public static final Set<String> FIELDS = Set.of("accountId", "service", "openedAt", "restoredAt", "notes");
    /** The fields where line breaks and tabs are allowed. */
    public static final Set<String> FREE_TEXT = Set.of("notes");
    static final String CSV_HEADER = "accountId,incidentId,service,openedAt,restoredAt,businessMinutes,penaltyPercent,"
            + "penaltyCents,dueCents,notes\r\n";

    private final IncidentService service;
    private final Directory directory;
    private final GtrReport report;

    public IncidentRoutes(IncidentService service, Directory directory, GtrReport report) {
        this.service = service;
        this.directory = directory;
        this.report = report;
    }

    public List<ModuleRoute> admin() {
        String one = INCIDENTS + "/{id}";
        return List.of(
                new ModuleRoute(Method.POST, INCIDENTS, true, true, this::create),
                new ModuleRoute(Method.GET, INCIDENTS, false, true, this::list),
                new ModuleRoute(Method.GET, one, false, true, this::get),
                new ModuleRoute(Method.PUT, one, true, true, this::replace),
                new ModuleRoute(Method.DELETE, one, false, true, this::delete),
                new ModuleRoute(Method.GET, REPORT, false, true, this::report));
    }

    private RouteResponse create(RouteRequest request) {
        Map<String, Object> body = request.jsonObject(FREE_TEXT);
        BodyFields f = new BodyFields(body, FIELDS);
        String accountId = f.id("accountId", true);
        String svc = service(f, true);
        Instant openedAt = instant(f, body, "openedAt", true);
        Instant restoredAt = instant(f, body, "restoredAt", false);
        String notes = notes(f);
        order(f, openedAt, restoredAt);
        f.throwIfInvalid();
        if (directory.account(accountId).isEmpty()) return accountNotFound("accountId", accountId);
        Incident created = service.create(accountId, svc, openedAt, restoredAt, notes, request.actor());
        return RouteResponse.created(INCIDENTS + "/" + created.id(), json(created));
    }

    private RouteResponse list(RouteRequest request) {
        String accountId = request.query("account").orElse(null);
        if (accountId == null) throw InvalidFields.of("account", "is required (an account id)");
        if (!Ids.valid(accountId)) throw InvalidFields.of("account", Ids.RULE);
        if (directory.account(accountId).isEmpty()) return accountNotFound("account", accountId);
        List<Object> out = new ArrayList<>();
        for (Incident i : service.byAccount(accountId)) out.add(json(i));
        return RouteResponse.ok(out);
    }

    private RouteResponse get(RouteRequest request) {
        return found(request.pathParam("id")).map(i -> RouteResponse.ok(json(i))).orElseGet(() -> notFound(request));
    }

    private RouteResponse replace(RouteRequest request) {
        String id = request.pathParam("id");
        Map<String, Object> body = request.jsonObject(FREE_TEXT);
        Optional<Incident> current = found(id);
        if (current.isEmpty()) return notFound(request);
        Incident was = current.get();
        BodyFields f = new BodyFields(body, FIELDS);
        String accountId = f.id("accountId", false);
        if (accountId != null && !accountId.equals(was.accountId())) {
            f.error("accountId", "a ticket stays with its account ('" + was.accountId() + "')");
        }
        String svc = body.containsKey("service") ? service(f, true) : was.service();
        Instant openedAt = body.containsKey("openedAt") ? instant(f, body, "openedAt", true) : was.openedAt();
        Instant restoredAt = body.containsKey("restoredAt") ? instant(f, body, "restoredAt", false) : was.restoredAt();
        String notes = body.containsKey("notes") ? notes(f) : was.notes();
        order(f, openedAt, restoredAt);
        f.throwIfInvalid();
        Optional<Incident> updated = service.update(id, i -> i.with(svc, openedAt, restoredAt, notes), request.actor());
        return updated.map(i -> RouteResponse.ok(json(i))).orElseGet(() -> notFound(request));
    }

    private RouteResponse delete(RouteRequest request) {
        String id = request.pathParam("id");
        if (!SortableIds.valid(id) || !service.delete(id, request.actor())) return notFound(request);
        return RouteResponse.noContent();
    }

    private RouteResponse report(RouteRequest request) {
        Instant now = service.clock().instant();
        int year = year(request, now);
        String format = request.query("format").orElse("json");
        if (!format.equals("json") && !format.equals("csv")) {
            throw InvalidFields.of("format", "must be json or csv, got '" + format + "'");
        }
        String accountId = request.query("account").orElse(null);
        if (accountId != null) {
            if (!Ids.valid(accountId)) throw InvalidFields.of("account", Ids.RULE);
            if (directory.account(accountId).isEmpty()) return accountNotFound("account", accountId);
        }
        List<GtrReport.AccountYear> years = years(accountId, year, now);
        if (format.equals("csv")) return csv(year, years);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("year", year);
        out.put("timeZone", BusinessClock.ZONE.getId());
        out.put("alsaceMoselle", report.clock().holidays().alsaceMoselle());
        List<Object> accounts = new ArrayList<>();
        for (GtrReport.AccountYear y : years) accounts.add(json(y));
        out.put("accounts", accounts);
        return RouteResponse.ok(out);
    }

    /** One account's year (even without tickets), or every account with a ticket in the year, by account id. */
    private List<GtrReport.AccountYear> years(String accountId, int year, Instant now) {
        List<Incident> incidents = service.restoredWithin(accountId, GtrReport.yearStart(year), GtrReport.yearStart(year + 1));
        Map<String, List<Incident>> byAccount = new TreeMap<>();
        if (accountId != null) byAccount.put(accountId, new ArrayList<>());
        for (Incident i : incidents) byAccount.computeIfAbsent(i.accountId(), k -> new ArrayList<>()).add(i);
        List<GtrReport.AccountYear> out = new ArrayList<>();
        byAccount.forEach((id, list) -> {
            Long subscription = directory.account(id).map(Account::monthlySubscriptionCents).orElse(null);
            out.add(report.account(id, subscription, list, now));
        });
        return out;
    }

    private Map<String, Object> json(Incident i) {
        Map<String, Object> out = IncidentService.json(i);
        Instant now = service.clock().instant();
        out.put("status", i.open() ? "OPEN" : "RESTORED");
        out.put("businessMinutes", report.businessMinutes(i, now));
        out.put("penaltyPercent", report.penaltyPercent(i));
        return out;
    }

    private static Map<String, Object> json(GtrReport.AccountYear y) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("accountId", y.accountId());
        out.put("monthlySubscriptionCents", y.monthlySubscriptionCents());
        List<Object> incidents = new ArrayList<>();
        for (GtrReport.Line l : y.lines()) {
            Incident i = l.incident();
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("id", i.id());
            line.put("service", i.service());
            line.put("openedAt", i.openedAt().toString());
            line.put("restoredAt", i.restoredAt() == null ? null : i.restoredAt().toString());
            line.put("status", i.open() ? "OPEN" : "RESTORED");
            line.put("businessMinutes", l.businessMinutes());
            line.put("penaltyPercent", l.penaltyPercent());
            line.put("penaltyCents", l.penaltyCents());
            line.put("dueCents", l.dueCents());
            line.put("notes", i.notes());
            incidents.add(line);
        }
        out.put("incidents", incidents);
        out.put("penaltyCents", y.penaltyCents());
        out.put("capCents", y.monthlySubscriptionCents());
        out.put("capped", y.capped());
        out.put("totalPenaltyCents", y.totalPenaltyCents());
        return out;
    }

    private static RouteResponse csv(int year, List<GtrReport.AccountYear> years) {
        StringBuilder sb = new StringBuilder(CSV_HEADER);
        for (GtrReport.AccountYear y : years) {
            for (GtrReport.Line l : y.lines()) {
                Incident i = l.incident();
                sb.append(cell(y.accountId())).append(',').append(cell(i.id())).append(',').append(cell(i.service()))
                        .append(',').append(i.openedAt()).append(',').append(i.restoredAt() == null ? "" : i.restoredAt())
                        .append(',').append(l.businessMinutes()).append(',').append(orEmpty(l.penaltyPercent()))
                        .append(',').append(orEmpty(l.penaltyCents())).append(',').append(orEmpty(l.dueCents()))
                        .append(',').append(cell(i.notes())).append("\r\n");
            }
        }
        String text = sb.toString();
        StreamedBody body = new StreamedBody() {
            @Override public String contentType() { return "text/csv; charset=utf-8"; }

            @Override public void writeTo(Sink sink) throws Exception { sink.write(text); }
        };
        return RouteResponse.streamed(200, body,
                Map.of("Content-Disposition", "attachment; filename=\"gtr-" + year + ".csv\""));
    }

    /** RFC 4180: quoted when it holds a comma, a quote or a line end, quotes doubled. */
    static String cell(String text) {
        if (text.indexOf(',') < 0 && text.indexOf('"') < 0 && text.indexOf('\n') < 0 && text.indexOf('\r') < 0) return text;
        return '"' + text.replace("\"", "\"\"") + '"';
    }

    private static String orEmpty(Object value) { return value == null ? "" : value.toString(); }

    private static int year(RouteRequest request, Instant now) {
        Optional<String> text = request.query("year");
        if (text.isEmpty()) return now.atZone(BusinessClock.ZONE).getYear();
        String t = text.get().trim();
        if (t.matches("[0-9]{4}")) {
            int y = Integer.parseInt(t);
            if (y >= 1970 && y <= 9998) return y;
        }
        throw InvalidFields.of("year", "must be a year such as 2026 (1970..9998), got '" + text.get() + "'");
    }

    private Optional<Incident> found(String id) {
        return SortableIds.valid(id) ? service.find(id) : Optional.empty();
    }

    private static RouteResponse notFound(RouteRequest request) {
        return RouteResponse.notFound("incident '" + request.pathParam("id") + "' not found");
    }

    private static RouteResponse accountNotFound(String field, String accountId) {
        return RouteResponse.fieldProblem(404, "not-found", "Not found", field, "account '" + accountId + "' not found");
    }

    private static String service(BodyFields f, boolean required) {
        String s = f.string("service", required);
        if (s == null) return null; // "is required" or "must be a string" recorded
        if (s.isBlank() || s.length() > MAX_SERVICE_LENGTH || s.chars().anyMatch(Character::isISOControl)) {
            f.error("service", "must be 1 to " + MAX_SERVICE_LENGTH + " characters, not blank, no control character");
            return null;
        }
        return s;
    }

    private static String notes(BodyFields f) {
        String n = f.string("notes", false);
        if (n != null && n.length() > MAX_NOTES_LENGTH) {
            f.error("notes", "must be at most " + MAX_NOTES_LENGTH + " characters");
            return null;
        }
        return n == null ? "" : n;
    }

    private Instant instant(BodyFields f, Map<String, Object> body, String field, boolean required) {
        if (body.get(field) == null) {
            if (required) f.error(field, "is required");
            return null;
        }
        Instant t = f.instant(field);
        if (t != null && t.isAfter(service.clock().instant().plus(FUTURE_TOLERANCE))) {
            f.error(field, "must not be in the future, got " + t);
            return null;
        }
        return t;
    }

    private static void order(BodyFields f, Instant openedAt, Instant restoredAt) {
        if (openedAt != null && restoredAt != null && restoredAt.isBefore(openedAt)) {
            f.error("restoredAt", "must not be before openedAt (" + openedAt + "), got " + restoredAt);
        }
    }
}
