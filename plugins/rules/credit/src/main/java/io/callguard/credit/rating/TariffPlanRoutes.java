package io.callguard.credit.rating;

import io.callguard.core.directory.Ids;
import io.callguard.core.module.ModuleRoute;
import io.callguard.core.module.ModuleRoute.Method;
import io.callguard.core.module.RouteRequest;
import io.callguard.core.module.RouteResponse;
import io.callguard.core.module.RouteResponse.InvalidFields;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code /admin/v1/tariff-plans}: write a plan's next version from JSON ({@code PUT …/{id}}) or CSV
 * ({@code POST …/{id}/csv}), list the plans in force, read a plan (its version in force, or {@code ?version=N}).
 * A write is checked whole before anything is stored (400 naming every bad field or line), then stored, put in force
 * and audited before the answer: it blocks.
 */
public final class TariffPlanRoutes {
    public static final String BASE = "/admin/v1/tariff-plans";
    static final String ONE = BASE + "/{id}";
    static final String CSV = ONE + "/csv";
    /** The query parameters of a CSV import: the plan's own values (its lines are the body). */
    static final List<String> CSV_PLAN_PARAMETERS = List.of("name", "connectionFeeCents", "firstIncrementSeconds",
            "nextIncrementSeconds");

    private TariffPlanRoutes() { }

    public static List<ModuleRoute> of(TariffPlanService service, InMemoryTariffs tariffs) {
        return List.of(
                new ModuleRoute(Method.PUT, ONE, true, true, request -> {
                    String planId = planId(request);
                    TariffPlanDraft draft = TariffPlanJson.read(planId, request.jsonObject(Set.of()));
                    return written(service, planId, draft, request.actor());
                }),
                new ModuleRoute(Method.POST, CSV, true, true, request -> {
                    String planId = planId(request);
                    Optional<RouteResponse> unsupported = requireCsv(request.header("Content-Type").orElse(""));
                    if (unsupported.isPresent()) return unsupported.get();
                    Map<String, String> planValues = new HashMap<>();
                    for (String p : CSV_PLAN_PARAMETERS) request.query(p).ifPresent(v -> planValues.put(p, v));
                    TariffPlanDraft draft = TariffPlanCsv.read(request.body(), planValues);
                    return written(service, planId, draft, request.actor());
                }),
                ModuleRoute.get(BASE, request -> RouteResponse.ok(tariffs.plans().stream()
                        .sorted(Comparator.comparing(TariffPlan::id))
                        .map(p -> (Object) TariffPlanJson.summary(p)).toList())),
                new ModuleRoute(Method.GET, ONE, false, true, request -> {
                    String planId = planId(request);
                    Integer version = version(request);
                    return service.get(planId, version)
                            .map(p -> RouteResponse.ok(TariffPlanJson.toMap(p)))
                            .orElseGet(() -> RouteResponse.notFound("tariff plan '" + planId + "'"
                                    + (version == null ? "" : " version " + version) + " not found"));
                }));
    }

    private static RouteResponse written(TariffPlanService service, String planId, TariffPlanDraft draft, String actor) {
        try {
            TariffPlan plan = service.publish(planId, draft, actor);
            return RouteResponse.created(BASE + "/" + planId + "?version=" + plan.version(), TariffPlanJson.toMap(plan));
        } catch (PlanConflictException e) {
            return RouteResponse.conflict(e.getMessage());
        }
    }

    private static String planId(RouteRequest request) {
        String id = request.pathParam("id");
        if (!Ids.valid(id)) throw InvalidFields.of("id", "a tariff plan id " + Ids.RULE);
        return id;
    }

    private static Integer version(RouteRequest request) {
        Optional<String> text = request.query("version");
        if (text.isEmpty()) return null;
        String t = text.get().trim();
        if (!t.matches("[0-9]{1,9}") || Integer.parseInt(t) < 1) {
            throw InvalidFields.of("version", "must be a whole number from 1, got '" + text.get() + "'");
        }
        return Integer.parseInt(t);
    }

    /** {@code text/csv}, with no charset or UTF-8; anything else is 415, not guessed at. */
    static Optional<RouteResponse> requireCsv(String contentType) {
        String[] parts = contentType.split(";");
        String media = parts[0].trim().toLowerCase(Locale.ROOT);
        String charset = null;
        for (int i = 1; i < parts.length; i++) {
            String[] kv = parts[i].trim().split("=", 2);
            if (kv.length == 2 && kv[0].trim().equalsIgnoreCase("charset")) charset = kv[1].trim().replace("\"", "");
        }
        if (media.equals("text/csv") && (charset == null || charset.equalsIgnoreCase("utf-8"))) return Optional.empty();
        String got = contentType.isBlank() ? "no Content-Type" : "Content-Type '" + contentType.replaceAll("[^ -~]", "?") + "'";
        return Optional.of(RouteResponse.problem(415, "unsupported-media-type", "Unsupported media type",
                "the body must be CSV sent with Content-Type: text/csv (UTF-8), got " + got, Map.of(), Map.of()));
    }
}
