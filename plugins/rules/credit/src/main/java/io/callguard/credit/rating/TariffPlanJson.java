package io.callguard.credit.rating;

import io.callguard.core.module.RouteResponse.InvalidFields;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A plan as JSON: the body of {@code PUT /admin/v1/tariff-plans/{id}} (read and checked here) and the answers and
 * audit entries (written here). Amounts are euro cents: an integer or a decimal string in a body, a decimal string in
 * an answer ({@code "4.5"}), so that money never goes through a binary fraction.
 */
public final class TariffPlanJson {
    /** The fields of a plan body; {@code id}, when given, must be the path's. */
    public static final Set<String> PLAN_FIELDS = Set.of("id", "name", "connectionFeeCents", "firstIncrementSeconds",
            "nextIncrementSeconds", "rates");

    private TariffPlanJson() { }

    /**
     * @throws InvalidFields naming every bad field ({@code rates[2].perMinuteCents}), unknown fields included
     */
    static TariffPlanDraft read(String planId, Map<String, Object> body) {
        TariffPlanReader reader = new TariffPlanReader(false);
        for (String field : body.keySet()) {
            if (!PLAN_FIELDS.contains(field)) reader.error(field, "unknown field");
        }
        TariffPlanReader.Values plan = values(body, "");
        Object id = body.get("id");
        if (id != null && !planId.equals(id)) reader.error("id", "is the path's plan id '" + planId + "' or absent, got " + id);
        String name = reader.name(plan, "name");
        TariffPlanReader.Defaults defaults = reader.defaults(plan);
        List<TariffRate> rates = new ArrayList<>();
        Object list = body.get("rates");
        if (list == null) {
            reader.error("rates", "is required: the plan's lines");
        } else if (!(list instanceof List<?> items)) {
            reader.error("rates", "must be an array of lines");
        } else {
            for (int i = 0; i < items.size(); i++) {
                String at = "rates[" + i + "]";
                if (!(items.get(i) instanceof Map<?, ?> item)) {
                    reader.error(at, "must be an object");
                    rates.add(null);
                    continue;
                }
                @SuppressWarnings("unchecked") Map<String, Object> line = (Map<String, Object>) item;
                for (String field : line.keySet()) {
                    if (!TariffPlanReader.RATE_FIELDS.contains(field)) reader.error(at + "." + field, "unknown field");
                }
                rates.add(reader.rate(values(line, at + "."), defaults));
            }
            reader.together(rates, (i, f) -> "rates[" + i + "]." + f, "rates");
        }
        reader.throwIfInvalid();
        return new TariffPlanDraft(name, rates);
    }

    private static TariffPlanReader.Values values(Map<String, Object> map, String prefix) {
        return new TariffPlanReader.Values() {
            @Override public Object get(String field) { return map.get(field); }

            @Override public String where(String field) { return prefix + field; }
        };
    }

    /** The whole version: {@code id, version, name, createdAt, createdBy, rates[]}, every line resolved. */
    public static Map<String, Object> toMap(TariffPlan p) {
        Map<String, Object> m = summary(p);
        m.remove("rateCount");
        List<Object> rates = new ArrayList<>();
        for (TariffRate r : p.rates()) rates.add(rate(r));
        m.put("rates", rates);
        return m;
    }

    /** The version without its lines (the list of plans): {@code id, version, name, createdAt, createdBy, rateCount}. */
    public static Map<String, Object> summary(TariffPlan p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", p.id());
        m.put("version", p.version());
        m.put("name", p.name());
        m.put("createdAt", p.createdAt().toString());
        m.put("createdBy", p.createdBy());
        m.put("rateCount", p.rates().size());
        return m;
    }

    static Map<String, Object> rate(TariffRate r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", r.id());
        m.put("destination", r.destination().name());
        m.put("prefix", r.prefix());
        m.put("free", r.free());
        m.put("perMinuteCents", Cents.text(r.perMinuteCents()));
        m.put("connectionFeeCents", Cents.text(r.connectionFeeCents()));
        m.put("serviceChargePerMinuteCents", Cents.text(r.serviceChargePerMinuteCents()));
        m.put("serviceChargePerCallCents", Cents.text(r.serviceChargePerCallCents()));
        m.put("firstIncrementSeconds", r.firstIncrementSeconds());
        m.put("nextIncrementSeconds", r.nextIncrementSeconds());
        return m;
    }
}
