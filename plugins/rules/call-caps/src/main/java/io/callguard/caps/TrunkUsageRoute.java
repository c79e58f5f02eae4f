package io.callguard.caps;

import io.callguard.core.directory.Ids;
import io.callguard.core.module.ModuleRoute;
import io.callguard.core.module.RouteResponse;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** {@code GET /admin/v1/trunks/{trunkId}/usage}: the trunk's channel cap, what holds it now and since when. */
public final class TrunkUsageRoute {
    public static final String PATH = "/admin/v1/trunks/{trunkId}/usage";

    private TrunkUsageRoute() { }

    /**
     * @param usage a trunk's usage, empty for an unknown trunk (off the event threads: with a shared state backend the
     *              holders are a Redis round trip)
     */
    public static ModuleRoute of(Function<String, Optional<TrunkUsage>> usage) {
        return ModuleRoute.getBlocking(PATH, request -> {
            String trunkId = request.pathParam("trunkId");
            Optional<TrunkUsage> u = Ids.valid(trunkId) ? usage.apply(trunkId) : Optional.empty();
            return u.map(found -> RouteResponse.ok(json(found)))
                    .orElseGet(() -> RouteResponse.notFound("trunk '" + trunkId + "' not found"));
        });
    }

    /** The API's JSON shape of a trunk's usage, field order as documented. */
    static Map<String, Object> json(TrunkUsage u) {
        List<Object> reservations = new ArrayList<>();
        for (TrunkUsage.Reservation r : u.reservations()) {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("holder", r.holder());
            one.put("channel", r.channel());
            one.put("ageSeconds", r.ageSeconds());
            one.put("expiresAt", iso(r.expiresAt()));
            one.put("forced", r.forced());
            reservations.add(one);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("trunkId", u.trunkId());
        body.put("accountId", u.accountId());
        body.put("cap", u.cap());
        body.put("inUse", u.inUse());
        body.put("reservations", reservations);
        return body;
    }

    private static String iso(Instant t) { return t == null ? null : t.toString(); }
}
