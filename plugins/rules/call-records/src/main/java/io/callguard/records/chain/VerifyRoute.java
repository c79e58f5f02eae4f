package io.callguard.records.chain;

import io.callguard.core.module.ModuleRoute;
import io.callguard.core.module.RouteResponse;
import io.callguard.core.records.RecordRepository;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET /admin/v1/records/verify?node=&from=}: walks a node's chain (this node's by default) from a seq (1 by
 * default) and its checkpoints' signatures; blocking (it reads the whole chain from the store).
 */
public final class VerifyRoute {
    public static final String PATH = "/admin/v1/records/verify";

    private VerifyRoute() { }

    /** @param ownNode the node verified when the request names none */
    public static ModuleRoute of(RecordRepository repository, ChainVerifier verifier, String ownNode) {
        return new ModuleRoute(ModuleRoute.Method.GET, PATH, false, true, request -> {
            String node = request.query("node").map(String::trim).filter(s -> !s.isEmpty()).orElse(ownNode);
            long from = from(request.query("from"));
            if (!node.equals(ownNode) && !repository.nodes().contains(node)) {
                return RouteResponse.notFound("no record chain for node '" + node + "'");
            }
            return RouteResponse.ok(json(verifier.verify(node, from)));
        });
    }

    private static long from(Optional<String> text) {
        if (text.isEmpty()) return 1;
        try {
            long v = Long.parseLong(text.get().trim());
            if (v >= 1) return v;
        } catch (NumberFormatException e) {
            // answered below
        }
        throw RouteResponse.InvalidFields.of("from", "must be a seq (a whole number from 1), got '" + text.get() + "'");
    }

    /** The API's shape, field order as documented. */
    static Map<String, Object> json(ChainVerifier.Result r) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("ok", r.ok());
        body.put("checked", r.checked());
        body.put("firstBroken", r.firstBroken());
        body.put("problem", r.problem());
        body.put("node", r.node());
        body.put("lastCheckpointSeq", r.lastCheckpointSeq());
        return body;
    }
}
