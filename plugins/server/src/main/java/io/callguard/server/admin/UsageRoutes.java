package io.callguard.server.admin;

import io.callguard.caps.TrunkUsage;
import io.callguard.server.http.Problem;
import io.vertx.ext.web.Router;

import java.util.Optional;
import java.util.function.Function;

/** GET /admin/v1/trunks/{trunkId}/usage: the trunk's channel cap, what holds it now and since when. */
final class UsageRoutes {
    static final String PATH = "/admin/v1/trunks/:trunkId/usage";

    private UsageRoutes() { }

    static void mount(Router router, Function<String, Optional<TrunkUsage>> usage) {
        // in memory (directory, reservations, live calls): answered on the event loop
        router.get(PATH).handler(ctx -> {
            String trunkId = ctx.pathParam("trunkId");
            Optional<TrunkUsage> u = Ids.valid(trunkId) ? usage.apply(trunkId) : Optional.empty();
            if (u.isPresent()) Responses.json(ctx, 200, ApiJson.usage(u.get()));
            else Responses.problem(ctx, Problem.notFound("trunk '" + trunkId + "' not found"));
        });
    }
}
